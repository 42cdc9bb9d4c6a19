"""Drives the officer's app (dsync node ui) in Chromium; called by scripts/check-ui.

Arguments: READY_JSON CHROMIUM WORK_DIR [SCREENSHOT_DIR]. Exits non-zero on the first failed check.
"""
import json
import re
import sys

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect, sync_playwright

from check_ui_import import check_import

ready = json.load(open(sys.argv[1]))
chromium, work = sys.argv[2], sys.argv[3]
shots = sys.argv[4] if len(sys.argv) > 4 else None
url = ready["url"]
base = url.split("/?")[0]
axe = Axe()
checked = []


def check_a11y(page, name):
    results = axe.run(
        page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    )
    if results.violations_count:
        print(results.generate_report(), file=sys.stderr)
        sys.exit(f"axe: {results.violations_count} violation(s) on {name} ({page.url})")
    checked.append(name)


def shot(page, name):
    if shots:
        page.screenshot(path=f"{shots}/{name}.png", full_page=True)


def check_digit(prefix):
    # The MST check digit (Circular 95/2016 weights), as TaxCode.checkDigit computes it.
    weights = [31, 29, 23, 19, 17, 13, 7, 5, 3]
    check = 10 - sum(int(d) * w for d, w in zip(prefix, weights)) % 11
    assert check < 10, f"{prefix} has no check digit"
    return check


def save_enterprise(page, tax_code, name, address="5 Võ Văn Ngân"):
    page.goto(base + "/enterprises/new")
    page.get_by_label("Mã số thuế").fill(tax_code)
    page.get_by_label("Tên", exact=True).fill(name)
    page.get_by_label("Địa chỉ").fill(address)
    page.get_by_label("Phường/xã").fill("Bến Thành")
    page.get_by_label("Khu vực kinh tế").select_option("trade_services")
    page.get_by_label("Số lao động").fill("12")
    page.get_by_label("Vốn (đồng)").fill("1500000000")
    page.get_by_label("Doanh thu (đồng)").fill("3000000000")
    page.get_by_label("Loại hình").select_option("other")
    page.get_by_role("button", name="Lưu doanh nghiệp").click()


with sync_playwright() as p:
    browser = p.chromium.launch(executable_path=chromium)
    page = browser.new_page(viewport={"width": 1100, "height": 800}, locale="vi-VN")
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

    # The printed URL: its token becomes a cookie and the address bar loses it.
    page.goto(url)
    expect(page).to_have_url(base + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc cần làm")
    expect(page.locator("main")).to_contain_text("đã khảo sát 0/0")
    check_a11y(page, "/")
    shot(page, "home")
    # Keyboard only: the first Tab reaches the skip link, Enter moves to the main content, and the
    # next Tab reaches its first link.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Bỏ qua, đến nội dung chính")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main a").first).to_be_focused()

    # An officer.
    page.get_by_role("link", name="Cán bộ", exact=True).click()
    expect(page.locator("main")).to_contain_text("chưa đạt")
    check_a11y(page, "/officers")
    page.get_by_role("link", name="Thêm cán bộ").first.click()
    check_a11y(page, "/officers/new")
    page.get_by_label("Tên").fill("Nguyễn Thị Minh Khai")
    page.get_by_label("Phòng").select_option("kinh-te")
    page.get_by_label("Nhiệm vụ").select_option("ecommerce")
    page.get_by_label("Ngày bắt đầu").fill("2025-09-01")
    page.get_by_label("Số quyết định phân công").fill("123/QĐ-UBND")
    page.get_by_role("button", name="Lưu cán bộ").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyễn Thị Minh Khai")
    expect(page.get_by_role("status")).to_contain_text("Đã lưu cán bộ")
    expect(page.locator("main")).to_contain_text("từ 01/09/2025")
    check_a11y(page, "/officers/{id}")
    # A training event: a date not in YYYY-MM-DD is refused on its field, then recorded.
    page.get_by_label("Ngày tập huấn").fill("15/10/2025")
    page.get_by_label("Tên khóa tập huấn").fill("Thương mại điện tử cho cán bộ phường")
    page.get_by_role("button", name="Ghi lượt tập huấn").click()
    expect(page.get_by_label("Ngày tập huấn")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Tên khóa tập huấn")).to_have_value("Thương mại điện tử cho cán bộ phường")
    check_a11y(page, "/officers/{id} (training error)")
    page.get_by_label("Ngày tập huấn").fill("2025-10-15")
    page.get_by_role("button", name="Ghi lượt tập huấn").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi lượt tập huấn")
    expect(page.locator("main")).to_contain_text("15/10/2025")
    page.get_by_role("link", name="Sửa thông tin hoặc ghi ngày thôi nhiệm vụ").click()
    check_a11y(page, "/officers/{id}/edit")
    page.goto(base + "/officers")
    expect(page.locator("main")).to_contain_text("Nguyễn Thị Minh Khai")
    shot(page, "officers")

    # An enterprise with a wrong check digit: the field error, nothing saved.
    prefix = "030123456"
    good = prefix + str(check_digit(prefix))
    wrong = prefix + str((check_digit(prefix) + 1) % 10)
    page.goto(base + "/enterprises/new")
    check_a11y(page, "/enterprises/new")
    save_enterprise(page, wrong, "Công ty TNHH Thủ Đức Xanh")
    field = page.get_by_label("Mã số thuế")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-tax_code-error")).to_contain_text(wrong)
    expect(page.get_by_role("alert")).to_contain_text("Chưa lưu")
    expect(page.get_by_label("Tên", exact=True)).to_have_value("Công ty TNHH Thủ Đức Xanh")
    check_a11y(page, "/enterprises/new (errors)")
    shot(page, "enterprise-error")
    # Kept as a draft on the node (errors and all), nothing saved; resumed from the list, fixed, saved.
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu bản nháp")
    check_a11y(page, "/drafts")
    shot(page, "drafts")
    page.goto(base + "/enterprises")
    expect(page.locator("main")).to_contain_text("Tìm thấy 0 doanh nghiệp")
    page.goto(base + "/drafts")
    page.get_by_role("link", name="Tiếp tục: Công ty TNHH Thủ Đức Xanh").click()
    expect(page.get_by_label("Mã số thuế")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Tên", exact=True)).to_have_value("Công ty TNHH Thủ Đức Xanh")
    page.get_by_label("Mã số thuế").fill(good)
    page.get_by_role("button", name="Lưu doanh nghiệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Công ty TNHH Thủ Đức Xanh")
    page.goto(base + "/drafts")
    expect(page.locator("main")).to_contain_text("Không có bản nháp nào.")
    page.goto(base + f"/enterprises/{good}")
    check_a11y(page, "/enterprises/{tax_code}")
    # Edited: the history shows old → new.
    page.get_by_role("link", name="Sửa thông tin doanh nghiệp").click()
    check_a11y(page, "/enterprises/{tax_code}/edit")
    page.get_by_label("Số lao động").fill("40")
    page.get_by_role("button", name="Lưu thay đổi").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu doanh nghiệp")
    expect(page.locator("main")).to_contain_text("Số lao động: 12 → 40")
    shot(page, "enterprise")
    # This year's survey answer, from the browser: a bad figure refused on its field, then saved
    # and counted on /surveys.
    page.goto(base + "/surveys")
    expect(page.get_by_role("status")).to_contain_text("đã khảo sát 0/1")
    check_a11y(page, "/surveys")
    page.get_by_role("link", name="Nhập phiếu: Công ty TNHH Thủ Đức Xanh").click()
    check_a11y(page, "/enterprises/{tax_code}/surveys/{year}")
    for label, value in [
        ("Dùng thư điện tử trong công việc", "regular"), ("Website của doanh nghiệp", "periodic"),
        ("Bán hàng trên mạng", "marketplace"), ("Trao đổi dữ liệu điện tử (EDI) với đối tác", "no"),
        ("Giao dịch điện tử với doanh nghiệp khác (B2B)", "yes"),
        ("Bán hàng trực tuyến cho người tiêu dùng (B2C)", "no"),
        ("Nhận thanh toán không dùng tiền mặt", "yes"), ("Thanh toán hóa đơn (điện, nước…) trực tuyến", "n/a"),
        ("Kênh điện tử hỗ trợ người tiêu dùng", "no"),
    ]:
        page.get_by_label(label).select_option(value)
    page.get_by_label("Kế toán").check()
    page.get_by_label("Số lao động năm khảo sát").fill("mười hai")
    page.get_by_role("button", name="Lưu phiếu khảo sát").click()
    expect(page.get_by_label("Số lao động năm khảo sát")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_role("alert")).to_contain_text("Chưa lưu")
    expect(page.get_by_label("Kế toán")).to_be_checked()
    check_a11y(page, "survey form (errors)")
    shot(page, "survey-error")
    page.get_by_label("Số lao động năm khảo sát").fill("12")
    page.get_by_role("button", name="Lưu phiếu khảo sát").click()
    expect(page.get_by_role("status")).to_contain_text("Đã lưu phiếu khảo sát năm")
    page.goto(base + "/surveys")
    expect(page.get_by_role("status")).to_contain_text("đã khảo sát 1/1")
    expect(page.locator("main")).to_contain_text("Đã khảo sát (ngày")
    shot(page, "surveys")
    page.goto(base + "/enterprises")
    page.get_by_label("Tìm theo tên, mã số thuế, địa chỉ").fill("thu duc")
    page.get_by_role("button", name="Lọc").click()
    expect(page).to_have_url(re.compile(r"q=thu\+duc"))
    expect(page.get_by_role("link", name="Công ty TNHH Thủ Đức Xanh")).to_be_visible()
    check_a11y(page, "/enterprises?q=thu+duc")
    shot(page, "enterprises")

    # A script in a name is shown as text; no dialog opens.
    xss = "<img src=x onerror=alert(1)>"
    xss_prefix = "030765432"
    save_enterprise(page, xss_prefix + str(check_digit(xss_prefix)), xss)
    expect(page.get_by_role("heading", level=1)).to_have_text(xss)
    page.goto(base + "/enterprises")
    expect(page.get_by_role("link", name=xss)).to_be_visible()
    page.wait_for_timeout(300)
    if dialogs:
        sys.exit(f"a dialog opened: {dialogs}")
    if page.locator("main img").count():
        sys.exit("the XSS name became an <img> element")

    # A form on another origin (a file: page) posting to the app: refused, nothing written.
    attack = f"{work}/attack.html"
    with open(attack, "w") as f:
        f.write(
            f"""<!doctype html><html lang="en"><body><form method="post" action="{base}/enterprises/new">
            <input type="hidden" name="tax_code" value="0312345678"><input type="hidden" name="name" value="Giả mạo">
            <button>go</button></form></body></html>"""
        )
    page.goto("file://" + attack)
    with page.expect_response(base + "/enterprises/new") as answer:
        page.get_by_role("button", name="go").click()
    if answer.value.status != 403:
        sys.exit(f"a cross-site POST got {answer.value.status}, expected 403")
    page.goto(base + "/enterprises?q=gia+mao")
    expect(page.locator("main")).to_contain_text("Tìm thấy 0 doanh nghiệp")

    # Import a workbook with a bad row (its error on its row, nothing imported), then a good one.
    check_import(page, base, work, check_a11y, shot)

    # Changes, sign with the passphrase, write to a folder.
    page.goto(base + "/changes")
    expect(page.locator("main")).to_contain_text("chờ đóng gói")
    check_a11y(page, "/changes")
    page.get_by_role("link", name="Ký và đóng gói", exact=True).first.click()
    check_a11y(page, "/commit")
    page.get_by_label("Mật khẩu của khóa ký").fill("sai-mat-khau")
    page.get_by_role("button", name="Ký và đóng gói").click()
    expect(page.get_by_label("Mật khẩu của khóa ký")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Mật khẩu của khóa ký")).to_have_value("")
    check_a11y(page, "/commit (wrong passphrase)")
    page.get_by_label("Mật khẩu của khóa ký").fill("demo-passphrase")
    page.get_by_role("button", name="Ký và đóng gói").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ký và đóng gói 1 gói thay đổi")
    expect(page.locator("main")).to_contain_text("đã ký, chờ biên nhận")
    shot(page, "commit")
    page.get_by_role("link", name="Gửi cho hub").click()
    check_a11y(page, "/deliver")
    page.get_by_label("Thư mục để ghi (ví dụ ổ USB)").fill(f"{work}/usb")
    page.get_by_role("button", name="Ghi ra thư mục").click()
    expect(page.get_by_role("status")).to_contain_text("Đã ghi 1 gói thay đổi")
    check_a11y(page, "/deliver (written)")

    browser.close()

print(f"ui: Chromium checked the app; axe found 0 violations on {len(checked)} pages: {', '.join(checked)}")
