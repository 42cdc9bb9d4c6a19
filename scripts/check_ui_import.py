"""The import page (/import) in Chromium; called from scripts/check_ui.py.

Builds real .xlsx workbooks with the standard library (zipfile + the OOXML parts written out), uploads
one with a bad row (its error shown on its row, nothing imported), then a good one (imported, listed).
"""
import sys
import zipfile

from playwright.sync_api import expect

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ["tax_code", "name", "address", "ward", "sector", "employees", "capital_vnd", "revenue_vnd", "category"]


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def column(i):
    name = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        name = chr(65 + r) + name
    return name


def write_workbook(path, rows, sheet="Doanh nghiệp"):
    """A one-sheet workbook: text as inline strings, digits-only values as numbers."""
    cells = []
    for r, row in enumerate([HEADER] + rows, start=1):
        out = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if value.isdigit() and not value.startswith("0"):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        cells.append(f'<row r="{r}">{"".join(out)}</row>')
    parts = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>'
        f'{"".join(cells)}</sheetData></worksheet>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


def valid_codes(check_digit_or_none, count, start=312000000):
    codes = []
    n = start
    while len(codes) < count:
        prefix = f"{n:09d}"
        check = check_digit_or_none(prefix)
        if check is not None:
            codes.append(prefix + str(check))
        n += 1
    return codes


def check_import(page, base, work, check_a11y, shot):
    def check_digit(prefix):
        weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
        check = 10 - sum(int(d) * w for d, w in zip(prefix, weights)) % 11
        return check if check < 10 else None

    first, second = valid_codes(check_digit, 2)
    bad = first[:9] + str((int(first[9]) + 1) % 10)
    row = lambda code, name: [code, name, "7 Võ Văn Ngân", "Linh Chiểu", "Thương mại - dịch vụ", "25",
                              "2.000.000.000", "4.000.000.000", "Khác"]
    bad_file, good_file = f"{work}/bad.xlsx", f"{work}/good.xlsx"
    write_workbook(bad_file, [row(second, "Công ty Nhập Một"), row(bad, "Công ty Nhập Sai")])
    write_workbook(good_file, [row(first, "Công ty Nhập Hai"), row(second, "Công ty Nhập Một")])

    page.goto(base + "/import")
    check_a11y(page, "/import")
    page.get_by_label("Loại dữ liệu").select_option("businesses")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(bad_file)
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xem trước khi nhập")
    expect(page.get_by_role("alert")).to_contain_text("1 trên 2 dòng có lỗi")
    expect(page.locator("#row-3")).to_contain_text("chữ số kiểm tra")
    expect(page.locator("#row-2")).to_contain_text("Hợp lệ")
    if page.get_by_role("button", name="Nhập 2 dòng").count():
        sys.exit("the preview of a file with a bad row offers to import it")
    check_a11y(page, "/import preview (a bad row)")
    shot(page, "import-error")
    page.goto(base + "/enterprises?q=nhap")
    expect(page.locator("main")).to_contain_text("Tìm thấy 0 doanh nghiệp")

    page.goto(base + "/import")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(good_file)
    page.get_by_label("Trang tính (chỉ với .xlsx, không bắt buộc)").fill("doanh nghiệp")
    page.get_by_role("button", name="Xem trước").click()
    expect(page.get_by_role("status")).to_contain_text("Cả 2 dòng đều hợp lệ")
    check_a11y(page, "/import preview (good)")
    page.get_by_role("button", name="Nhập 2 dòng").click()
    expect(page.get_by_role("status")).to_contain_text("Đã nhập 2 dòng")
    check_a11y(page, "/import (imported)")
    page.get_by_role("link", name="Xem danh sách doanh nghiệp").click()
    page.goto(base + "/enterprises?q=nhap")
    expect(page.locator("main")).to_contain_text("Tìm thấy 2 doanh nghiệp")
    expect(page.get_by_role("link", name="Công ty Nhập Hai")).to_be_visible()
    expect(page.get_by_role("link", name="Công ty Nhập Một")).to_be_visible()
