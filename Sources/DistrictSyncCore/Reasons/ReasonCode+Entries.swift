extension ReasonCode {
    /// The catalogue's row for this code: one case per code, so the compiler refuses a code without
    /// its meaning and its remedy.
    var entry: (fault: ReasonFault, meaning: String, action: String) {
        switch self {
        case .backupExists:
            (
                .user, "the backup file named by --out already exists",
                "give a new file name; a backup never overwrites one"
            )
        case .backupDamaged:
            (
                .local,
                "a restored file, the database or the hub's city hash does not match what the backup recorded",
                "nothing was restored: use another (older) backup, and check the medium the backup was kept on"
            )
        case .badBackupFile:
            (
                .user, "the file is not a DistrictSync backup, or a backup of the other kind (hub vs node)",
                "give the file written by `dsync hub backup --out` (or `dsync node backup --out`)"
            )
        case .restoreTargetNotEmpty:
            (.user, "a restore only writes into a new or empty folder", "give --home a folder that does not exist yet")
        case .notAHome:
            (
                .user, "the folder holds no node or hub database",
                "give the home made by `dsync hub init` or `dsync node init`"
            )
        case .symlinkInHome:
            (
                .local, "the home holds a symbolic link, which a backup would not copy faithfully",
                "replace the link with the file it points to, then back up again"
            )
        case .logStale:
            (
                .peer,
                "the hub's newest checkpoint is older than allowed although the hub answers (it may have frozen its log)",
                "tell the city's auditors; the node keeps its last verified checkpoint"
            )
        case .hubCheckFailed:
            (
                .hub, "the city state recomputed from the stored changesets differs from the live database",
                "restore hub.db from a backup (the stored changesets are the evidence); report the difference to the operator"
            )
        case .transfer:
            (
                .audit, "an enterprise was moved to another unit by the hub operator (dsync hub transfer)",
                "nothing: the audit row names the enterprise, both units and the operator's reason"
            )
        case .wrongOwner:
            (
                .user, "the enterprise is not owned by the unit given as --from",
                "check the owner (the message names it) and give it as --from"
            )
        case .unknownEnterprise:
            (
                .sender, "a survey answer names an enterprise this unit does not own or that does not exist",
                "add the enterprise in this unit first, or ask the hub operator for a transfer (dsync hub transfer)"
            )
        case .signingTimeImplausible:
            (
                .sender,
                "the CMS signing time is older than the changes it signs, or older than acceptance by more than the allowed window",
                "commit the changes again on the node (dsync node reopen --refused-by-hub, then node commit) and deliver promptly"
            )
        case .outOfRange:
            (
                .sender,
                "a number in the changeset is outside the range a node ever writes (sequence, year, money, employees)",
                "the file was forged or made by a broken tool: commit again with dsync"
            )
        case .draftTooLarge:
            (
                .user, "a form draft is larger than the node keeps (64 KiB)",
                "shorten the fields and save the draft again"
            )
        case .tooManyDrafts:
            (.user, "the node already keeps the most drafts it allows (500)", "finish or delete some drafts first")
        case .unknownDraft:
            (.user, "no draft with this id in the node home", "open the draft from the list of drafts (/drafts)")
        case .xlsxInvalid:
            (
                .user,
                "the file is not a readable Excel workbook (.xlsx): not a ZIP archive, or a part is missing or damaged",
                "save it again from Excel as an Excel Workbook (.xlsx), or as CSV UTF-8"
            )
        case .xlsxTooLarge:
            (
                .user,
                "the workbook, one of its parts once inflated, or a part's compression ratio is over the import's limits (zip bomb guard)",
                "split the workbook into smaller ones, or save it as CSV UTF-8"
            )
        case .xlsxSheetMissing:
            (
                .user, "the workbook has no sheet of the name given (--sheet)",
                "give one of the sheet names the message lists"
            )
        case .unknownUpload:
            (
                .user,
                "the uploaded file to import is no longer kept on the node (already imported, or the app restarted)",
                "upload the file again on the import page (/import)"
            )
        case .uiNotLoopback:
            (
                .user,
                "the browser app (dsync node ui) was asked to listen beyond this machine without --allow-remote and TLS",
                "give --listen 127.0.0.1:PORT (or localhost:PORT, [::1]:PORT) and open the printed URL on this PC, "
                    + "or add --allow-remote with --tls-cert FILE and --tls-key FILE"
            )
        case .unitsDropped:
            (
                .user, "the new unit list drops a unit that holds data",
                "keep that unit in the list (give it a valid_to and a successor_code instead of deleting it)"
            )
        case .periodOutsideUnit:
            (
                .sender,
                "a record's valid time (survey year, appointment, training date) lies outside the lifetime of the unit",
                "enter the record under the unit that existed then (dsync node init --unit CODE --on DATE), or correct the date"
            )
        case .duplicateOfficer:
            (
                .user,
                "this officer is already recorded (same unit, name and appointment decision, or the same certificate)",
                "change the existing record with dsync node officer update"
            )
        case .confirmNeeded:
            (
                .user,
                "node reopen and node resign act on every changeset without a receipt and need to be asked for explicitly",
                "run dsync node sync (or hub import and node ack) first, then dsync node reopen --refused-by-hub "
                    + "(or node resign --refused-by-hub)"
            )
        case .cannotReopen:
            (
                .local,
                "a changeset without a receipt comes before one that has a receipt, so the chain cannot be taken back",
                "deliver and acknowledge the earlier changeset first (dsync node sync, or hub import then dsync node ack)"
            )
        case .cannotResign:
            (
                .local,
                "a changeset without a receipt comes before one that has a receipt (or got one while being signed "
                    + "again), so the chain cannot be re-signed from there",
                "deliver and acknowledge the earlier changeset first (dsync node sync, or hub import then dsync node "
                    + "ack), then run dsync node resign --refused-by-hub again"
            )
        case .badUnitListFile:
            (
                .user, "the unit list file cannot be read or is too large",
                "give the path of a units CSV file (docs/units.md), at most 4 MiB"
            )
        case .badOfficerRule:
            (
                .user, "the eligible-offices file (the plan's officer rule per unit kind) is malformed",
                "fix the line named in the message (config/eligible-offices.csv shows the columns)"
            )
        case .keyPermissions:
            (
                .user, "the private key file can be read or written by its group or by others",
                "chmod 600 the key file (the message names it)"
            )
        case .databaseExists:
            (
                .user, "the folder already holds a hub database",
                "choose an empty folder; move the file away only if it is really an orphan"
            )
        case .crlFromFuture:
            (
                .user, "the CRL's thisUpdate is later than the clock plus the allowed skew",
                "check the CA's clock and this machine's, and install a CRL issued now"
            )
        case .badPassphraseFile:
            (
                .user, "the passphrase file holds more than one line",
                "write the passphrase alone on one line (one trailing line break is allowed)"
            )
        case .badCheckpoint:
            (
                .peer,
                "a checkpoint, signed note or verifier key is malformed, or the checkpoint is not signed by the log "
                    + "key expected",
                "fetch it again from the hub (or give the city log's key with --log-key); tell the hub operator if it "
                    + "persists"
            )
        case .badEvidence:
            (
                .peer,
                "an evidence bundle does not prove its changeset: a file is missing or too large, the inclusion proof "
                    + "does not lead to the checkpoint's root, or the receipt is not a city hub's receipt for it",
                "write the bundle again with dsync hub evidence ID --out DIR on the hub that accepted the changeset"
            )
        case .logInconsistent:
            (
                .peer,
                "the transparency log does not hold together: a proof fails, the tree shrank, or two roots for one size",
                "keep the evidence; the hub showed this party a different history: tell the city's auditors"
            )
        case .badCosignature:
            (
                .sender,
                "a witness cosignature or its binding is malformed, names another key, or does not verify over the checkpoint",
                "make the cosignature again with `dsync node sync` (it cosigns the checkpoint it verified); after a new key, run `dsync node commit`"
            )
        case .unknownCheckpointSize:
            (
                .sender, "the hub signed no checkpoint of the size the cosignature names",
                "sync again: cosign a checkpoint the hub served (`GET /v1/log/checkpoint`)"
            )
        case .tooFewWitnesses:
            (
                .peer, "fewer distinct districts cosigned the hub's checkpoint than the auditor asked for",
                "wait until more districts' nodes have synced, or check which witnesses are missing (`GET /v1/log/witnesses`)"
            )
        case .alreadyBound:
            (
                .user, "the certificate is already enrolled for another unit",
                "enroll a certificate of this unit, or check which unit the officer serves"
            )
        case .ambiguousOfficer:
            (
                .user, "more than one officer matches the name given",
                "give the officer's id (dsync node officer list shows it)"
            )
        case .asOfNeedsReplay:
            (
                .hub, "changesets were accepted after the as-of date and this build cannot rebuild the past state",
                "give --as-of on or after the newest accepted day, or use a build with the replayer"
            )
        case .badCertificateFile:
            (
                .user, "the certificate file is not a PEM bundle or DER certificate that can be read",
                "give the path of the certificate (PEM) the city CA issued"
            )
        case .badChainHead:
            (
                .sender, "a signed chain head from the hub is malformed or not for this node",
                "fetch the head again with dsync hub head --node ID --out FILE"
            )
        case .badColumn:
            (
                .sender, "a change names a column the synced schema does not have",
                "upgrade the node; the changeset is not applied"
            )
        case .badConfig:
            (
                .user, "a node configuration value is invalid",
                "fix the value named in the message (dsync node status shows the configuration)"
            )
        case .badCount:
            (.user, "a count given on the command line is out of range", "give a number in the range the message names")
        case .badCrl:
            (
                .peer, "the CRL the hub served cannot be read or is not signed by the city CA",
                "tell the hub operator; the node keeps its previous CRL"
            )
        case .badDate:
            (
                .user, "a date is not a real calendar date in the form YYYY-MM-DD",
                "write the date as YYYY-MM-DD (e.g. 2013-06-30)"
            )
        case .badDistrictList:
            (
                .user, "the org-unit list file is malformed",
                "fix the line named in the message (docs/units.md describes the columns)"
            )
        case .badHubReply:
            (
                .peer, "the hub answered with something that is not a valid reply",
                "tell the hub operator; nothing was marked delivered"
            )
        case .badHubUrl:
            (
                .user, "the hub URL is not an https:// URL (http:// only on loopback)",
                "give the URL as https://HOST:PORT"
            )
        case .badKeyFile:
            (
                .user, "the key file is not a PEM private key that can be read",
                "give the encrypted PEM key made with the certificate request"
            )
        case .badKeyType:
            (
                .user, "the key type or size is not allowed (RSA ≥ 2048, ECDSA P-256)",
                "make a new key with dsync node keygen"
            )
        case .badListen:
            (.user, "the listen address is not HOST:PORT", "give --listen 127.0.0.1:8443 (or [::1]:8443)")
        case .badMagic:
            (
                .sender, "the bytes do not start with the DistrictSync changeset magic",
                "give a .dsc file written by dsync node commit"
            )
        case .badOption:
            (
                .user, "an option value is invalid or options conflict",
                "read the message for the accepted values; dsync help lists the options"
            )
        case .badPayload:
            (
                .sender, "the changeset payload is malformed (lengths, encoding, compression ratio)",
                "the file is damaged or forged: export it again from the node"
            )
        case .badPlan:
            (
                .user, "a plan file is not valid (the message names the line and what was expected)",
                "fix the plan file as docs/plans.md describes, then install it again"
            )
        case .badQuarter:
            (.user, "the quarter is not of the form YYYYQn with n from 1 to 4", "give --quarter like 2013Q2")
        case .badReceipt:
            (
                .peer, "a receipt does not verify or is malformed",
                "fetch the receipt again (re-import or re-sync); tell the hub operator if it persists"
            )
        case .badSettings:
            (
                .local, "the hub settings file (hub.json) is invalid",
                "fix the field named in the message, or make the home again with dsync hub init"
            )
        case .badSignature:
            (
                .sender, "the signature does not match the content",
                "the file was altered after signing: export the original again from the node"
            )
        case .badSizeRules:
            (
                .user, "the size-rule table is malformed",
                "fix the line named in the message (config/size-rules.csv shows the columns)"
            )
        case .badYears:
            (
                .user, "the year range is not of the form YYYY or YYYY-YYYY inside the survey years",
                "give --years like 2011-2015"
            )
        case .businessExists:
            (
                .user, "an enterprise with this tax code already exists on the node",
                "update it with dsync node business update, or check the tax code"
            )
        case .cannotUnapply:
            (
                .user, "the accepted side of a fork cannot be un-merged",
                "keep the accepted changeset: dsync hub resolve --keep ACCEPTED_ID"
            )
        case .certExpired:
            (
                .sender, "a certificate in the signer's chain is expired at the time that counts",
                "renew the officer's certificate (scripts/pki-renew) and sign again"
            )
        case .certNotYetValid:
            (
                .sender, "a certificate in the signer's chain is not yet valid at the time that counts",
                "check the node's clock and the certificate's dates; sign again when it is valid"
            )
        case .certRevoked:
            (
                .sender, "the signer's certificate is revoked",
                "sign with the officer's renewed certificate (the revoked key may be compromised)"
            )
        case .chainBroken:
            (
                .sender, "the previous-changeset hash does not match the hub's head of this node, or the sequence is 0",
                "export the node's missing earlier changesets; do not edit .dsc files"
            )
        case .chainInvalid:
            (
                .sender, "the signer's certificate chain is invalid",
                "use the certificate the city CA issued, with its intermediate certificates"
            )
        case .chainStarted:
            (
                .local, "the node's chain has started and cannot be reset this way",
                "use a replacement node (docs/hub.md) instead of resetting the chain"
            )
        case .clockAhead:
            (
                .sender, "the changeset's newest change time is ahead of the hub's clock by more than allowed",
                "fix the node's clock and commit again (the hub allows 5 minutes)"
            )
        case .clockDrift:
            (
                .local, "the node's clock would run too far from its recorded changes",
                "fix the system clock; see docs for recovering a node whose clock jumped"
            )
        case .commitMismatch:
            (
                .local, "the node's outbox does not match what was committed",
                "run dsync node status; restore the node from its backup if it persists"
            )
        case .corruptChangeLog:
            (.local, "the node's captured change log is damaged", "restore the node database from a backup")
        case .corruptOutbox:
            (
                .local, "a changeset in the node's outbox is damaged",
                "restore the node from a backup, or re-export from a copy"
            )
        case .corruptRecord:
            (.local, "a stored record cannot be read", "restore the node database from a backup")
        case .crlInvalid:
            (
                .sender, "a CRL cannot be read or its signature does not verify",
                "install a CRL issued by the city CA (scripts/pki-gencrl)"
            )
        case .crlMissing:
            (
                .hub, "no CRL of the signer's issuer is installed at the hub",
                "the hub operator installs the CA's CRL: dsync hub crl add FILE"
            )
        case .crlOlder:
            (
                .user, "the CRL offered is older than the one installed",
                "install the newer CRL; an older list cannot replace it"
            )
        case .crlStale:
            (
                .hub, "the newest CRL of an issuer is past its nextUpdate",
                "the hub operator installs a fresh CRL (scripts/pki-gencrl, dsync hub crl add)"
            )
        case .crlUntrusted:
            (.user, "the CRL is not signed by a trust anchor", "install the CRL the city CA signed")
        case .csvBadQuote:
            (
                .user, "a CSV cell has a quote in the wrong place",
                "quote the whole cell and double inner quotes (docs/import-format.md)"
            )
        case .csvEmpty:
            (.user, "the CSV file has no header line", "give a CSV with the header of docs/import-format.md")
        case .csvHeader:
            (.user, "the CSV header has an unknown or repeated column", "use the column names of docs/import-format.md")
        case .csvMissingColumns:
            (.user, "the CSV header lacks required columns", "add the columns the message lists")
        case .csvUnterminatedQuote:
            (.user, "a quoted CSV cell never ends", "close the quote of the cell on the line named")
        case .databaseCorrupt:
            (.local, "a database file is damaged", "restore it from a backup")
        case .databaseError:
            (.local, "a database operation failed", "read the message; retry, or restore from a backup")
        case .databaseLocked:
            (
                .local, "the database is locked by another process",
                "wait for the other dsync process to finish and retry"
            )
        case .databaseTooNew:
            (.local, "the database was made by a newer dsync", "use the newer dsync binary with this home")
        case .districtMismatch:
            (
                .sender, "the signer, the node's chain or a record belongs to another unit than the changeset says",
                "sign with the officer certificate of this unit (or enroll it: dsync hub enroll)"
            )
        case .districtNotValid:
            (
                .sender, "the changeset's unit is not valid for the records it carries",
                "give records inside the unit's lifetime (docs/units.md)"
            )
        case .districtNotValidOnDate:
            (
                .user, "the unit with this code is not valid on the date",
                "give a date inside the unit's lifetime, or the code of the unit valid then"
            )
        case .districtUnbound:
            (
                .sender, "the signer's certificate names no unit and is not enrolled",
                "the hub operator enrolls it (dsync hub enroll) or the CA issues one with the unit URI"
            )
        case .error:
            (.local, "an unexpected error", "read the message; report it with the command that produced it")
        case .fileNotFound:
            (.user, "a file given on the command line does not exist", "check the path")
        case .fileTooLarge:
            (.user, "a file is larger than the limit", "split the file, or check that it is the right file")
        case .foreignRecord:
            (
                .sender, "a change touches a record another unit owns, or creates one in another unit",
                "remove the other unit's records from this node; ownership moves only by a transfer"
            )
        case .fork:
            (
                .conflict, "two different changesets were signed for one (node, seq): the node is stopped",
                "the hub operator decides: dsync hub resolve --keep ID"
            )
        case .forkRejected:
            (
                .sender, "this changeset lost a fork resolution",
                "nothing to do: the operator kept the other changeset of this sequence"
            )
        case .gap:
            (
                .conflict, "an earlier changeset of this node has not arrived; this one waits (held)",
                "deliver the node's earlier changesets; this one is applied when the gap fills"
            )
        case .headerMismatch:
            (
                .sender, "the changeset header's counts or clock range do not match its content",
                "the file was forged or damaged: export it again from the node"
            )
        case .homeExists:
            (.user, "the home folder already exists", "choose a new folder, or use the existing home")
        case .homeLocked:
            (.local, "another dsync process is using this home", "wait for it to finish")
        case .homeNotEmpty:
            (.user, "the folder is not empty", "give an empty or new folder")
        case .hubBusy:
            (.hub, "the hub's merge queue is full", "retry later (nodes retry by themselves with backoff)")
        case .hubDbCorrupt:
            (
                .hub, "the hub database failed its integrity check",
                "the hub operator restores the database from a backup; dsync hub check compares with the stored changesets"
            )
        case .hubDiskFull:
            (
                .hub, "the disk holding the hub home is full",
                "the operator frees space; deliver the same files again (nothing was merged)"
            )
        case .hubUnavailable:
            (.peer, "the hub answered that it cannot serve now", "retry later")
        case .hubUnreachable:
            (
                .peer, "the hub cannot be reached over the network",
                "check the network and the hub URL; retry later or deliver by USB"
            )
        case .hubUntrusted:
            (
                .peer, "the hub's TLS certificate does not chain to the city CA",
                "check --ca and the hub URL; tell the hub operator"
            )
        case .insecureNotLoopback:
            (
                .user, "plain HTTP was asked for on an address that is not loopback",
                "serve with TLS (--tls-cert, --tls-key) or listen on 127.0.0.1"
            )
        case .internalError:
            (.hub, "an unexpected failure inside the hub", "retry; the hub operator reads the hub's log")
        case .interrupted:
            (.peer, "the sync was interrupted", "run dsync node sync again (it resumes)")
        case .invalidBusiness:
            (.user, "an enterprise row has invalid fields", "fix the fields the message lists (docs/import-format.md)")
        case .invalidSurvey:
            (.user, "a survey answer has invalid fields", "fix the fields the message lists (docs/import-format.md)")
        case .ioError:
            (.hub, "a file could not be read or written", "check the path, its permissions and the disk")
        case .keyCertMismatch:
            (
                .user, "the private key does not belong to the certificate",
                "give the key made with this certificate's request"
            )
        case .legacyTargetsFile:
            (
                .user, "the hub home holds the old config/targets.yaml",
                "write the targets as a plan file (docs/plans.md), install it, remove targets.yaml"
            )
        case .lockFailed:
            (.local, "the home's lock file could not be taken", "check the folder's permissions")
        case .malformedCms:
            (
                .sender, "the bytes are not a CMS SignedData structure that can be read",
                "give a .dsc file written by dsync node commit"
            )
        case .missingSignedAttributes:
            (
                .sender, "a mandatory signed attribute is missing or wrong",
                "sign with dsync node commit (CAdES-BES attributes)"
            )
        case .mtlsNeedsTls:
            (
                .user, "client certificates were required without TLS",
                "give --tls-cert and --tls-key with --require-client-cert"
            )
        case .multipleSigners:
            (.sender, "the SignedData has zero or several signers", "sign with exactly one officer certificate")
        case .noCa:
            (.user, "no city CA certificate was given", "give --ca ROOT.pem")
        case .noCrl:
            (.user, "the hub has no CRL installed", "the hub operator installs one: dsync hub crl add FILE")
        case .noData:
            (.user, "the hub has no accepted changeset yet", "import changesets first")
        case .noDataAsOf:
            (
                .user, "no changeset had been accepted by the as-of date",
                "give --as-of on or after the date the message names"
            )
        case .noDistricts:
            (
                .user, "no unit of the list is valid on the date",
                "give a date inside the list's period, or install a newer unit list"
            )
        case .noDistrictsOnDate:
            (.user, "no unit of the list is valid on the report date", "give --as-of a date the unit list covers")
        case .noHome:
            (.user, "no home folder was given", "pass --home HOME or set DSYNC_HOME / DSYNC_HUB_HOME")
        case .noHub:
            (
                .user, "no hub database or hub URL was given",
                "pass --home HOME (or --db PATH), or set the hub with dsync node set-hub"
            )
        case .noHubKey:
            (
                .hub, "the hub's signing key is not loaded",
                "start the hub with its key passphrase (DSYNC_KEY_PASSPHRASE or --passphrase-file)"
            )
        case .noPlanForYear:
            (
                .user, "no installed plan covers the survey year",
                "give --year inside a plan's period, or install a plan (docs/plans.md)"
            )
        case .noSigner:
            (.user, "the node has no signer configured", "set one: dsync node set-signer --cert C --key K --ca ROOT")
        case .noSignerCert:
            (
                .sender, "the SignedData does not embed the signer's certificate",
                "sign with dsync node commit (it embeds the certificate)"
            )
        case .noSizeRule:
            (
                .user, "no enterprise size rule covers the year",
                "add a rule to size-rules.csv, or give a year a rule covers"
            )
        case .noSuchFile:
            (.user, "the file does not exist", "check the path")
        case .noSurveyData:
            (.user, "no survey answers for the year", "give --year with one of the years the message lists")
        case .noTls:
            (.user, "TLS was asked for without a certificate or key", "give both --tls-cert and --tls-key")
        case .noTrustAnchor:
            (.user, "no trust anchor (root certificate) was given", "give --ca ROOT.pem")
        case .noValidCertificate:
            (.user, "the unit has no valid officer certificate", "issue or renew the officer's certificate")
        case .notANodeHome:
            (.user, "the folder is not a node home", "give the home made by dsync node init")
        case .notAtHub:
            (
                .peer, "the hub does not have a changeset the node sent",
                "run dsync node sync again; tell the hub operator if it persists"
            )
        case .notHubSigner:
            (
                .peer, "a receipt or head is signed by a certificate other than the hub's",
                "refuse it; check the hub certificate pinned at set-hub"
            )
        case .notNfc:
            (
                .sender, "text is not in Unicode NFC form",
                "commit again with dsync (it normalises input); do not edit .dsc files"
            )
        case .notQuarantined:
            (.user, "the changeset is not in quarantine", "check the id (dsync hub audit --outcome quarantined)")
        case .notRegularFile:
            (
                .user, "the path is not a regular file (a folder, device, pipe or symbolic link)",
                "give the path of a regular file"
            )
        case .officerDecision:
            (
                .user, "the appointment decision is missing or malformed",
                "give --decision like 123/QĐ-UBND and --appointed YYYY-MM-DD"
            )
        case .officerEndBeforeStart:
            (.user, "the officer's end date is before the start date", "give an end date on or after the start date")
        case .officerId:
            (.user, "the officer id is missing or unknown", "give an id dsync node officer list shows")
        case .officerName:
            (
                .user, "the officer's name is empty or not a person's name",
                "give the full name (family, middle and given names)"
            )
        case .planOverlap:
            (
                .user, "the plan's period overlaps another installed plan's",
                "correct the period, or install it under the other plan's id to replace it"
            )
        case .receiptMismatch:
            (
                .peer, "a receipt does not match the changeset it is for",
                "tell the hub operator; the changeset stays undelivered"
            )
        case .replay:
            (
                .sender, "a changeset at or below the node's accepted head that is not the accepted one",
                "nothing to do for an old copy; never re-sign old changesets"
            )
        case .reportFailed:
            (.hub, "the report could not be made", "read the message; the hub operator checks the hub database")
        case .requestTimeout:
            (.sender, "the request body arrived too slowly", "retry on a better connection")
        case .schemaMismatch:
            (.sender, "the changeset is for another schema version", "upgrade the older side (node or hub)")
        case .schemaNoPrimaryKey:
            (.local, "a synced table has no primary key", "the schema is damaged: restore the node from a backup")
        case .seqGapTooLarge:
            (.sender, "the sequence is too far ahead of the node's head", "deliver the node's earlier changesets first")
        case .seqMismatch:
            (
                .peer, "the receipt's sequence differs from the changeset's on this node",
                "check that the receipt is for this node's changeset; tell the hub operator"
            )
        case .severalNodes:
            (.user, "several nodes match; the command needs one", "give --node NODE_ID (dsync hub status lists them)")
        case .signerIsCa:
            (
                .sender, "the signer certificate is a CA certificate",
                "sign with an officer's certificate, never the CA's"
            )
        case .signingTimeInFuture:
            (.sender, "the signing time is later than the hub's clock allows", "fix the node's clock and sign again")
        case .storeCorrupt:
            (
                .hub, "a stored changeset's bytes do not match its id",
                "the hub operator restores the store from a backup (dsync hub check)"
            )
        case .storeMissing:
            (
                .hub, "a stored changeset is missing from the hub store",
                "the hub operator restores the store from a backup (dsync hub check)"
            )
        case .targetExists:
            (.user, "the output file already exists", "choose another path or remove the file")
        case .taxCodeBranch:
            (.user, "the branch suffix of the tax code is 000", "write a branch as 10 digits, a dash and 001–999")
        case .taxCodeCheckDigit:
            (.user, "the tax code's check digit is wrong", "check the code against the registration certificate")
        case .taxCodeFormat:
            (
                .user, "the tax code is not 10 digits or 10 digits, a dash and 3 digits",
                "write it like 0312345678 or 0312345678-001"
            )
        case .taxCodeLength:
            (.user, "the tax code has the wrong number of digits", "write 10 digits, or 13 for a branch")
        case .taxCodeNotDigits:
            (
                .user, "the tax code holds characters other than digits",
                "write digits only (a branch: 10 digits, a dash, 3 digits)"
            )
        case .taxCodeZeroBody:
            (.user, "digits 3 to 9 of the tax code are all zero", "check the code against the registration certificate")
        case .tooLarge:
            (
                .sender, "the input is larger than the limit",
                "split the changeset (dsync node commit splits at 50,000 changes) or check the file"
            )
        case .trailingBytes:
            (.sender, "bytes follow the end of the structure", "the file was altered: export it again from the node")
        case .trainingCourse:
            (.user, "the training event's course or date is missing", "give --course and --date")
        case .truncated:
            (.sender, "the data ends before its declared end", "the file is incomplete: copy it again")
        case .unknownBusiness:
            (.user, "no enterprise with this tax code on the node", "check the tax code (dsync node business list)")
        case .unknownCa:
            (.sender, "the signer's chain does not reach a trust anchor", "sign with a certificate the city CA issued")
        case .unknownChangeset:
            (.peer, "the receipt names a changeset this node does not have", "check that the receipt is for this node")
        case .unknownDistrict:
            (.user, "no unit with this code", "give a code of config/units.csv (docs/units.md)")
        case .unknownFormatVersion:
            (.sender, "the changeset format version is unknown", "upgrade dsync on the older side")
        case .unknownImportKind:
            (
                .user, "the import kind is not businesses, surveys or officers",
                "give one of businesses, surveys, officers"
            )
        case .unknownNode:
            (.user, "no node with this id is known to the hub", "check the id (dsync hub status)")
        case .unknownOfficer:
            (.user, "no officer with this id", "check the id (dsync node officer list)")
        case .unknownPlan:
            (.user, "no installed plan has this id", "give an id dsync hub plans list shows")
        case .unknownReceipt:
            (.user, "no receipt for this changeset id", "check the id; only accepted changesets have receipts")
        case .unknownTable:
            (
                .sender, "a change names a table the synced schema does not have",
                "upgrade the node; the changeset is not applied"
            )
        case .unknownTarget:
            (.user, "no target with this id in the plan", "give an id the message lists (e.g. B1a)")
        case .unknownValue:
            (.user, "a value is not one of the allowed values", "use a value the message lists")
        case .unsupportedAlgorithm:
            (
                .sender, "a key or digest algorithm outside the allow-list",
                "sign with RSA ≥ 2048 or ECDSA P-256 and SHA-256 or stronger"
            )
        case .unsupportedPssParameters:
            (
                .sender, "RSA-PSS parameters other than SHA-256, MGF1-SHA-256, salt 32",
                "sign with dsync node commit (it uses the allowed parameters)"
            )
        case .weakPassphrase:
            (.user, "the key passphrase is too short", "choose a passphrase of at least the length the message names")
        case .wrongCity:
            (.sender, "the changeset is for another city", "deliver it to its own city's hub")
        case .wrongDistrict:
            (.peer, "the receipt is for another unit", "check that the receipt is for this node")
        case .wrongKeyUsage:
            (
                .sender, "the signer certificate lacks digitalSignature or nonRepudiation",
                "use an officer certificate issued for signing"
            )
        case .wrongNode:
            (.peer, "the receipt or head is for another node", "check that it is for this node")
        case .wrongPassphrase:
            (.user, "the private key could not be decrypted with the passphrase", "give the key's passphrase")
        }
    }
}
