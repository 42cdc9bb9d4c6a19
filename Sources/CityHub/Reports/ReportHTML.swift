import Foundation

/// Self-contained HTML pages for reports: one file with inline CSS and SVG, no scripts, fonts or
/// stylesheets from elsewhere, so it opens offline. Every piece of text is escaped.
public enum ReportHTML {
    /// Escapes text for HTML element content and attribute values.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    static let style = """
        body{font-family:"DejaVu Sans",Arial,sans-serif;margin:24px;color:#1d2733;background:#fff}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #d0d7de}
        .meta{color:#57606a;font-size:12px;margin:2px 0}.mono{font-family:"DejaVu Sans Mono",monospace}
        .grid{display:grid;grid-template-columns:repeat(6,1fr);gap:8px}
        .card{border-radius:6px;padding:8px;font-size:12px;min-height:64px}
        .card b{font-size:13px}.ok{background:#d7f5dd;border:1px solid #2da44e}
        .warn{background:#fff3c4;border:1px solid #d4a72c}.bad{background:#ffd8d3;border:1px solid #cf222e}
        .legend span{display:inline-block;padding:2px 8px;margin-right:8px;border-radius:4px;font-size:12px}
        table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #d0d7de;padding:3px 6px;text-align:left}
        th{background:#f6f8fa}.num{text-align:right}.met{color:#1a7f37;font-weight:bold}
        .notmet{color:#cf222e;font-weight:bold}.nodata{color:#6e7781;font-style:italic}
        .chart{margin:10px 0 18px}.chart h3{font-size:14px;margin:0 0 2px}.chart p{font-size:11px;margin:0;color:#57606a}
        """

    /// One page with whichever reports are given.
    public static func page(
        coverage: CoverageReport?, progress: ProgressReport?, quarterly: QuarterlyReport?, lang: ReportLanguage
    ) -> String {
        let vi = lang == .vi
        let title: String
        if let quarterly {
            title = lang.pick("Báo cáo quý \(quarterly.quarter)", "Quarterly report \(quarterly.quarter)")
        } else if coverage != nil {
            title = lang.pick("Cán bộ phụ trách thương mại điện tử", "E-commerce officer coverage")
        } else {
            title = lang.pick("Tiến độ chỉ tiêu kế hoạch", "Progress against the plan's targets")
        }
        // The plan the progress report measures, from its plan file.
        let plan = progress.map {
            " — " + lang.pick("Kế hoạch ", "Plan ") + lang.pick($0.plan.decision, $0.plan.decisionLatin)
        }
        var body = "<h1>\(escape(title + (plan ?? "")))</h1>\n"
        let provenance = coverage?.provenance ?? progress?.provenance
        let asOf = coverage?.asOf ?? progress?.asOf ?? ""
        let generated = coverage?.generatedAt ?? progress?.generatedAt ?? ""
        body += meta(lang.pick("Số liệu đến hết ngày", "Data as of the end of"), asOf)
        if let progress {
            body += meta(
                lang.pick("Năm khảo sát", "Survey year"),
                "\(progress.year) (\(lang.pick("quy tắc quy mô", "size rule")) \(progress.sizeRule))")
            if let sizing = progress.sizing {
                body += meta(lang.pick("Xếp quy mô", "Sizing"), ReportWording.sizing(sizing, year: progress.year, lang))
            }
        }
        body += meta(lang.pick("Lập lúc", "Generated"), generated)
        if let provenance {
            body += meta(
                lang.pick("Mã dữ liệu (SHA-256)", "Data hash (SHA-256)"),
                provenance.dataHash + " · \(provenance.acceptedChangesets) " + lang.pick("gói thay đổi", "changesets"),
                mono: true)
        }
        if let coverage { body += coverageSection(coverage, lang) }
        if let progress { body += progressSections(progress, lang) }
        if let quarterly { body += quarterlySection(quarterly, lang) }
        if let coverage {
            body += meta(lang.pick("Tính lại", "Recompute"), coverage.provenance.recompute, mono: true)
        }
        if let progress { body += meta(lang.pick("Tính lại", "Recompute"), progress.provenance.recompute, mono: true) }
        return """
            <!doctype html>
            <html lang="\(vi ? "vi" : "en")"><head><meta charset="utf-8">
            <title>\(escape(title))</title>
            <style>\(style)</style></head>
            <body>
            \(body)</body></html>

            """
    }

    static func meta(_ label: String, _ value: String, mono: Bool = false) -> String {
        "<p class=\"meta\">\(escape(label)): <span\(mono ? " class=\"mono\"" : "")>\(escape(value))</span></p>\n"
    }

    static func coverageSection(_ r: CoverageReport, _ lang: ReportLanguage) -> String {
        var s = "<h2>\(escape(lang.pick("Cán bộ phụ trách TMĐT theo quận/huyện", "Officer coverage by district")))"
        s += " — \(r.coveredCount)/\(r.total)</h2>\n"
        s += "<p class=\"legend\"><span class=\"ok\">\(escape(lang.pick("có cán bộ", "covered")))</span>"
        s += "<span class=\"warn\">\(escape(lang.pick("có cán bộ, cần lưu ý", "covered, with issues")))</span>"
        s += "<span class=\"bad\">\(escape(lang.pick("không có cán bộ", "not covered")))</span></p>\n"
        s += "<div class=\"grid\">\n"
        for d in r.districts {
            let css = !d.covered ? "bad" : (d.issues.isEmpty && d.certificate.status != .expiring ? "ok" : "warn")
            let officers = d.officers.filter(\.covers).map(\.name).joined(separator: ", ")
            s += "<div class=\"card \(css)\"><b>\(escape(d.name))</b> <span class=\"meta\">\(escape(d.code))</span><br>"
            s += escape(officers.isEmpty ? "—" : officers) + "<br>"
            s += escape(lang.pick("Chứng thư", "Certificate")) + ": "
            s += escape(ReportWording.certificate(d.certificate.status, lang)) + "<br>"
            s += escape(lang.pick("Tiếp nhận cuối", "Last accepted")) + ": " + escape(d.lastAccepted ?? "—")
            if !d.issues.isEmpty {
                s += "<br><i>" + escape(d.issues.map { ReportWording.issue($0, lang) }.joined(separator: "; ")) + "</i>"
            }
            s += "</div>\n"
        }
        return s + "</div>\n"
    }

    static func statusClass(_ s: ProgressReport.Status) -> String {
        switch s {
        case .met: "met"
        case .notMet: "notmet"
        case .noData, .notScored: "nodata"
        case .count: ""
        }
    }

    static func progressSections(_ r: ProgressReport, _ lang: ReportLanguage) -> String {
        var s = "<h2>\(escape(lang.pick("Tổng hợp toàn thành phố", "City-wide summary")))</h2>\n<table>\n<tr>"
        let header =
            lang == .vi
            ? [
                "Chỉ tiêu", "Nội dung", "Tử số", "Mẫu số", "Kết quả", "Mục tiêu", "Đánh giá", "So năm trước",
                "Cách tính",
            ]
            : ["Target", "Text", "Numerator", "Denominator", "Value", "Bar", "Result", "Change", "How it is computed"]
        s += header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for t in r.targets {
            let c = t.city
            s += "<tr><td>\(escape(t.label))</td><td>\(escape(lang == .vi ? t.vi : t.en))</td>"
            s += "<td class=\"num\">\(escape(c.numerator.map(String.init) ?? "—"))</td>"
            s += "<td class=\"num\">\(escape(c.denominator.map(String.init) ?? "—"))</td>"
            s += "<td class=\"num\">\(escape(ReportWording.percent(c, lang)))</td>"
            s += "<td>\(escape(ReportWording.bar(t)))</td>"
            s += "<td class=\"\(statusClass(c.status))\">\(escape(ReportWording.status(c.status, lang)))</td>"
            s += "<td class=\"num\">\(escape(ReportWording.change(c, unit: t.unit)))</td>"
            s += "<td>\(escape(t.definition))</td></tr>\n"
        }
        s += "</table>\n"
        let note = lang.pick(
            "Mẫu số B.1/B.2/B.3: doanh nghiệp đang hoạt động có phiếu khảo sát năm \(r.year), phân loại theo quy tắc quy mô "
                + "của năm đó; doanh nghiệp chưa khảo sát không tính vào mẫu số; trả lời n/a không tính. B.4: cán bộ đang "
                + "công tác tại ngày báo cáo, đếm người (không đếm lượt).",
            "B.1/B.2/B.3 population: active enterprises with a survey answer for \(r.year), sized by that year's rule; "
                + "enterprises not surveyed are in no denominator; n/a answers are left out. B.4: officials serving on "
                + "the report date, counted as distinct people (not attendances).")
        s += "<p class=\"meta\">\(escape(note))</p>\n"
        s += "<h2>\(escape(lang.pick("Theo quận/huyện", "By district")))</h2>\n"
        for t in r.targets where t.city.status != .notScored {
            s += chart(t, lang)
        }
        return s
    }

    /// A bar per district (percent, or count for B1g) with the target's threshold as a line.
    static func chart(_ t: ProgressReport.Target, _ lang: ReportLanguage) -> String {
        let isCount = t.unit == "count"
        let values = t.districts.map { c -> Double? in isCount ? c.numerator.map(Double.init) : c.percent }
        let maxValue = isCount ? max(Double(t.city.threshold ?? 0), values.compactMap { $0 }.max() ?? 0, 1) : 100
        let width = 1180.0
        let height = 170.0
        let left = 36.0
        let top = 10.0
        let plot = 120.0
        let slot = (width - left - 10) / Double(max(t.districts.count, 1))
        func y(_ v: Double) -> Double { top + plot - plot * min(v, maxValue) / maxValue }
        var svg =
            "<svg width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" "
        svg += "aria-label=\"\(escape(t.label))\">"
        svg +=
            "<line x1=\"\(left)\" y1=\"\(top + plot)\" x2=\"\(width - 10)\" y2=\"\(top + plot)\" stroke=\"#8c959f\"/>"
        for tick in isCount ? [0, maxValue] : [0, 50, 100] {
            svg +=
                "<text x=\"\(left - 4)\" y=\"\(fmt(y(tick) + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#57606a\">"
            svg += "\(Int(tick))\(isCount ? "" : "%")</text>"
        }
        for (i, c) in t.districts.enumerated() {
            let x = left + Double(i) * slot + slot * 0.15
            let w = slot * 0.7
            let name = c.name ?? c.code ?? ""
            if let v = values[i] {
                let color = c.met == true ? "#2da44e" : (c.met == false ? "#cf222e" : "#0969da")
                svg +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(y(v)))\" width=\"\(fmt(w))\" height=\"\(fmt(top + plot - y(v)))\" "
                svg +=
                    "fill=\"\(color)\"><title>\(escape(name)): \(escape(ReportWording.percent(c, lang)))</title></rect>"
                svg += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(y(v) - 2))\" font-size=\"9\" text-anchor=\"middle\">"
                svg += "\(escape(ReportWording.number(v)))</text>"
            } else {
                svg +=
                    "<rect x=\"\(fmt(x))\" y=\"\(fmt(top + plot - 4))\" width=\"\(fmt(w))\" height=\"4\" fill=\"#d0d7de\">"
                svg += "<title>\(escape(name)): \(escape(lang.pick("không có dữ liệu", "no data")))</title></rect>"
            }
            svg += "<text x=\"\(fmt(x + w / 2))\" y=\"\(fmt(top + plot + 12))\" font-size=\"9\" text-anchor=\"middle\">"
            svg += "\(escape(c.code ?? ""))</text>"
        }
        if let threshold = t.city.threshold {
            let ty = y(Double(threshold))
            svg += "<line x1=\"\(left)\" y1=\"\(fmt(ty))\" x2=\"\(width - 10)\" y2=\"\(fmt(ty))\" stroke=\"#bf3989\" "
            svg += "stroke-width=\"1.5\" stroke-dasharray=\"6 3\"/>"
            svg +=
                "<text x=\"\(width - 12)\" y=\"\(fmt(ty - 3))\" font-size=\"10\" text-anchor=\"end\" fill=\"#bf3989\">"
            svg += "\(escape(ReportWording.bar(t)))</text>"
        }
        svg += "</svg>"
        let city =
            "\(lang.pick("Toàn thành phố", "City")): \(ReportWording.percent(t.city, lang)) "
            + "(\(t.city.numerator.map(String.init) ?? "—")/\(t.city.denominator.map(String.init) ?? "—")) · "
            + ReportWording.status(t.city.status, lang)
        return "<div class=\"chart\"><h3>\(escape(t.label)) — \(escape(lang == .vi ? t.vi : t.en))</h3>"
            + "<p>\(escape(city))</p>\(svg)</div>\n"
    }

    static func fmt(_ v: Double) -> String { String(format: "%.1f", v) }

    static func quarterlySection(_ q: QuarterlyReport, _ lang: ReportLanguage) -> String {
        var s =
            "<h2>\(escape(lang.pick("Gói thay đổi được tiếp nhận trong quý", "Changesets accepted in the quarter")))"
        s += " \(escape(q.start)) – \(escape(q.end))</h2>\n<table><tr>"
        let header =
            lang == .vi
            ? ["Mã", "Quận/huyện", "Số gói", "Tiếp nhận cuối"] : ["Code", "District", "Changesets", "Last accepted"]
        s += header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>\n"
        for d in q.changesets {
            let css = d.count == 0 ? " class=\"notmet\"" : ""
            s += "<tr><td>\(escape(d.code))</td><td>\(escape(d.name))</td><td class=\"num\"\(css)>\(d.count)</td>"
            s += "<td>\(escape(d.lastAccepted ?? "—"))</td></tr>\n"
        }
        s += "</table>\n"
        let late = q.lateOrMissing.map { "\($0.code) \($0.name)" }.joined(separator: ", ")
        s += "<p><b>\(escape(lang.pick("Chậm hoặc thiếu báo cáo", "Late or missing")))</b>: "
        s += escape(late.isEmpty ? "—" : late) + "</p>\n"
        if q.progress == nil {
            let none = lang.pick("Chưa có số liệu khảo sát đến năm này.", "No survey data up to this year.")
            s += "<p class=\"nodata\">\(escape(none))</p>\n"
        }
        return s
    }
}
