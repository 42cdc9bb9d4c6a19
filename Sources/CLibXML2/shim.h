#ifndef DSYNC_CLIBXML2_SHIM_H
#define DSYNC_CLIBXML2_SHIM_H
// libxml2's SAX2 interface, for the workbook reader's streaming XML parse (Sources/Workbook).
#include <string.h>
// Debian's libxml2 is built with ICU, and its encoding.h then includes the system's ICU headers,
// which clash with the ICU copy inside Foundation (both define UErrorCode). Nothing here uses the
// ICU converters: leave them out (only the layout of xmlCharEncodingHandler, which this module
// never touches, depends on it).
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

// XML_SAX2_MAGIC (0xDEEDBEAF) does not fit the type Swift gives the macro: set it here. A handler
// with the magic gets the namespace-aware SAX2 callbacks and the structured error callback (so no
// parse error is printed to standard error).
static inline void clibxml2_sax2_handler(xmlSAXHandler *handler) {
    memset(handler, 0, sizeof *handler);
    handler->initialized = XML_SAX2_MAGIC;
}
#endif
