import DistrictNode
import DistrictSyncCore

/// `/`: what the officer has to do.
enum HomePage {
    static func render(_ session: NodeSession) throws -> HTML {
        let o = try session.overview()
        let receipt: HTML =
            o.lastReceiptMillis.map { "Biên nhận gần nhất của hub: ngày \(UIFormat.date(millis: $0))." }
            ?? "Chưa có biên nhận nào của hub."
        let certificate: HTML
        if let end = o.certificateNotAfter {
            certificate =
                end < o.today
                ? "<strong>Chứng thư ký đã hết hạn ngày \(UIFormat.date(end))</strong>: xin chứng thư mới trước khi ký."
                : "Chứng thư ký còn hạn đến ngày \(UIFormat.date(end))."
        } else {
            certificate = "Nút chưa có chứng thư để ký (chạy `dsync node set-signer`)."
        }
        let drafts = try session.drafts().count
        let body: HTML = """
            <p>Đơn vị: \(o.districtName) (mã \(o.district)). Hôm nay: \(UIFormat.date(o.today)).</p>
            <ul class="todo">
            <li><a href="/surveys?year=\(o.surveyYear)">Khảo sát năm \(o.surveyYear): đã khảo sát \(o.surveyed)/\(o.activeEnterprises)</a> doanh nghiệp đang hoạt động.</li>
            <li><a href="/drafts">Bản nháp chưa hoàn thành: \(drafts)</a>.</li>
            <li><a href="/changes">Thay đổi chưa đóng gói: \(o.pendingChanges)</a>.</li>
            <li><a href="/deliver">Gói thay đổi đã ký, chờ biên nhận của hub: \(o.signedWaiting)</a>.</li>
            <li>\(receipt)</li>
            <li>\(certificate)</li>
            </ul>
            <p><a href="/enterprises/new">Thêm doanh nghiệp</a> · <a href="/officers/new">Thêm cán bộ</a></p>
            """
        return Layout.page(title: "Việc cần làm", district: o.districtName, active: "/", body: body)
    }
}
