/// The page shell every page is rendered in: `<html lang="vi">`, a skip link, the navigation
/// and the app's own stylesheet (no resource from outside the node).
enum Layout {
    static let navigation: [(path: String, label: String)] = [
        ("/", "Việc cần làm"), ("/officers", "Cán bộ"), ("/enterprises", "Doanh nghiệp"),
        ("/surveys", "Khảo sát"),
        ("/changes", "Thay đổi"), ("/commit", "Ký và đóng gói"), ("/deliver", "Gửi cho hub"),
        ("/drafts", "Bản nháp"), ("/import", "Nhập tệp"),
    ]

    static func page(title: String, district: String, active: String, body: HTML) -> HTML {
        let links = navigation.map { item -> HTML in
            item.path == active
                ? "<li><a href=\"\(item.path)\" aria-current=\"page\">\(item.label)</a></li>"
                : "<li><a href=\"\(item.path)\">\(item.label)</a></li>"
        }
        return """
            <!doctype html>
            <html lang="vi">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) — DistrictSync</title>
            <link rel="stylesheet" href="/app.css">
            </head>
            <body>
            <a class="skip" href="#main">Bỏ qua, đến nội dung chính</a>
            <header><p class="brand">DistrictSync · \(district)</p>
            <nav aria-label="Chính"><ul>\(links)</ul></nav></header>
            <main id="main" tabindex="-1">
            <h1>\(title)</h1>
            \(body)
            </main>
            </body>
            </html>
            """
    }

    /// The stylesheet (served at `/app.css`). Colours meet WCAG AA contrast.
    static let css = """
        :root { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; background: #fff; }
        body { margin: 0; line-height: 1.5; }
        header { background: #0b3d6e; color: #fff; padding: 0.5rem 1rem; }
        header a { color: #fff; }
        .brand { margin: 0; font-weight: bold; }
        nav ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1.5rem; flex-wrap: wrap; }
        nav a[aria-current="page"] { font-weight: bold; text-decoration-thickness: 3px; }
        main { padding: 1rem; max-width: 72rem; }
        a { color: #0b3d6e; }
        a:focus, input:focus, select:focus, button:focus { outline: 3px solid #b35900; outline-offset: 2px; }
        .skip { position: absolute; left: -999px; }
        .skip:focus { left: 1rem; top: 0.5rem; background: #fff; color: #0b3d6e; padding: 0.25rem 0.5rem; }
        .field { margin: 0 0 1rem; }
        .field label { display: block; font-weight: bold; }
        .hint { margin: 0.1rem 0; color: #4a4a4a; font-size: 0.95rem; }
        input, select { font: inherit; padding: 0.3rem; border: 1px solid #555; min-width: 18rem; }
        input[aria-invalid="true"], select[aria-invalid="true"] { border: 2px solid #b00020; }
        .error { color: #b00020; margin: 0.2rem 0; font-weight: bold; }
        .summary { border: 3px solid #b00020; padding: 0.5rem 1rem; margin: 0 0 1rem; }
        .summary h2 { margin-top: 0; font-size: 1.2rem; }
        .saved { border: 3px solid #1b6e20; padding: 0.5rem 1rem; margin: 0 0 1rem; }
        button.secondary { background: #fff; color: #0b3d6e; border: 2px solid #0b3d6e; }
        button { font: inherit; padding: 0.4rem 1rem; background: #0b3d6e; color: #fff; border: 0; cursor: pointer; }
        table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
        th, td { border-bottom: 1px solid #bbb; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
        .num { text-align: right; }
        .filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
        .filters input, .filters select { min-width: 10rem; }
        .field.check { align-self: center; }
        .field.check input { min-width: 0; margin-right: 0.4rem; }
        .field.check label { display: inline; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
        dl.facts dt { font-weight: bold; }
        dl.facts dd { margin: 0; }
        td.invalid { background: #fdecee; }
        .scroll { overflow-x: auto; }
        """
}
