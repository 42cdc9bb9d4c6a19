extension ReasonCode {
    /// The catalogue's Vietnamese row for this code: what it means and what to do, in the
    /// administrative Vietnamese the users read (docs/errors.md carries it beside the English).
    /// One case per code and no `default`, so a code added without its Vietnamese text does not
    /// compile. Technical names (commands, options, files, codes) stay as they are.
    var vietnamese: (meaning: String, action: String) {
        switch self {
        case .backupExists:
            ("tệp sao lưu ghi ở --out đã tồn tại", "đặt một tên tệp mới; lệnh sao lưu không bao giờ ghi đè tệp cũ")
        case .backupDamaged:
            (
                "một tệp, cơ sở dữ liệu hoặc mã trạng thái thành phố sau khi khôi phục không khớp với bản sao lưu",
                "chưa khôi phục gì: dùng một bản sao lưu khác (cũ hơn) và kiểm tra thiết bị lưu trữ bản sao lưu"
            )
        case .badBackupFile:
            (
                "tệp không phải bản sao lưu DistrictSync, hoặc là bản sao lưu của loại khác (hub hay nút)",
                "đưa tệp do `dsync hub backup --out` (hoặc `dsync node backup --out`) tạo ra"
            )
        case .restoreTargetNotEmpty:
            ("chỉ khôi phục vào thư mục mới hoặc trống", "đưa cho --home một thư mục chưa tồn tại")
        case .notAHome:
            (
                "thư mục không chứa cơ sở dữ liệu của nút hay hub",
                "đưa thư mục do `dsync hub init` hoặc `dsync node init` tạo ra"
            )
        case .symlinkInHome:
            (
                "thư mục chứa một liên kết tượng trưng (symlink), bản sao lưu không thể chép đúng",
                "thay liên kết bằng chính tệp nó trỏ tới rồi sao lưu lại"
            )
        case .logStale:
            (
                "điểm kiểm (checkpoint) mới nhất của hub cũ hơn mức cho phép dù hub vẫn trả lời (hub có thể đã ngừng ghi nhật ký)",
                "báo cho bộ phận kiểm toán của thành phố; nút giữ điểm kiểm đã xác minh gần nhất"
            )
        case .hubCheckFailed:
            (
                "trạng thái dữ liệu thành phố tính lại từ các tập thay đổi đã lưu khác với cơ sở dữ liệu đang dùng",
                "khôi phục hub.db từ bản sao lưu (các tập thay đổi đã lưu là chứng cứ); báo sự khác biệt cho người vận hành hub"
            )
        case .transfer:
            (
                "người vận hành hub đã chuyển một doanh nghiệp sang đơn vị khác (dsync hub transfer)",
                "không cần làm gì: bản ghi kiểm toán ghi rõ doanh nghiệp, hai đơn vị và lý do của người vận hành"
            )
        case .wrongOwner:
            (
                "doanh nghiệp không thuộc đơn vị ghi ở --from",
                "kiểm tra đơn vị quản lý (thông báo có ghi) và ghi đơn vị đó vào --from"
            )
        case .unknownEnterprise:
            (
                "câu trả lời khảo sát ghi một doanh nghiệp mà đơn vị này không quản lý hoặc không tồn tại",
                "thêm doanh nghiệp vào đơn vị này trước, hoặc đề nghị người vận hành hub chuyển doanh nghiệp (dsync hub transfer)"
            )
        case .signingTimeImplausible:
            (
                "thời điểm ký CMS sớm hơn các thay đổi được ký, hoặc sớm hơn thời điểm tiếp nhận quá khoảng thời gian cho phép",
                "đóng gói lại các thay đổi trên nút (dsync node reopen --refused-by-hub, rồi node commit) và gửi ngay"
            )
        case .outOfRange:
            (
                "một số trong tập thay đổi nằm ngoài phạm vi mà nút có thể ghi (số thứ tự, năm, số tiền, số lao động)",
                "tệp bị giả mạo hoặc do công cụ lỗi tạo ra: đóng gói lại bằng dsync"
            )
        case .draftTooLarge:
            ("bản nháp của biểu mẫu lớn hơn mức nút lưu giữ (64 KiB)", "rút ngắn các ô rồi lưu nháp lại")
        case .tooManyDrafts:
            ("nút đã giữ số bản nháp tối đa (500)", "hoàn thành hoặc xóa bớt bản nháp trước")
        case .unknownDraft:
            ("không có bản nháp mang mã này trong thư mục của nút", "mở bản nháp từ danh sách bản nháp (/drafts)")
        case .xlsxInvalid:
            (
                "tệp không phải sổ làm việc Excel (.xlsx) đọc được: không phải ZIP, hoặc thiếu hay hỏng một phần",
                "lưu lại bằng Excel ở dạng Sổ làm việc Excel (.xlsx) hoặc CSV UTF-8"
            )
        case .xlsxTooLarge:
            (
                "sổ làm việc, một phần của nó khi giải nén, hoặc tỉ lệ nén của một phần vượt giới hạn nhập (chống zip bomb)",
                "chia thành nhiều sổ làm việc nhỏ hơn, hoặc lưu ở dạng CSV UTF-8"
            )
        case .xlsxSheetMissing:
            (
                "sổ làm việc không có trang tính mang tên đã ghi (--sheet)",
                "ghi một trong các tên trang tính mà thông báo liệt kê"
            )
        case .unknownUpload:
            (
                "tệp tải lên để nhập không còn được giữ trên nút (đã nhập rồi, hoặc ứng dụng đã khởi động lại)",
                "tải tệp lên lại ở trang nhập dữ liệu (/import)"
            )
        case .uiNotLoopback:
            (
                "ứng dụng trên trình duyệt (dsync node ui) được yêu cầu mở cho máy khác mà không có --allow-remote và TLS",
                "ghi --listen 127.0.0.1:CỔNG (hoặc localhost:CỔNG, [::1]:CỔNG) rồi mở địa chỉ được in ra trên chính máy này, "
                    + "hoặc thêm --allow-remote cùng --tls-cert TỆP và --tls-key TỆP"
            )
        case .unitsDropped:
            (
                "danh sách đơn vị mới bỏ mất một đơn vị đang có dữ liệu",
                "giữ đơn vị đó trong danh sách (ghi valid_to và successor_code thay vì xóa)"
            )
        case .periodOutsideUnit:
            (
                "thời gian hiệu lực của bản ghi (năm khảo sát, ngày phân công, ngày tập huấn) nằm ngoài thời gian tồn tại của đơn vị",
                "nhập bản ghi vào đơn vị tồn tại vào thời điểm đó (dsync node init --unit MÃ --on NGÀY), hoặc sửa lại ngày"
            )
        case .duplicateOfficer:
            (
                "cán bộ này đã có trong dữ liệu (cùng đơn vị, họ tên và quyết định phân công, hoặc cùng chứng thư số)",
                "sửa bản ghi đã có bằng dsync node officer update"
            )
        case .confirmNeeded:
            (
                "node reopen và node resign tác động lên mọi tập thay đổi chưa có biên nhận nên phải được yêu cầu rõ ràng",
                "chạy dsync node sync (hoặc hub import rồi node ack) trước, sau đó dsync node reopen --refused-by-hub "
                    + "(hoặc node resign --refused-by-hub)"
            )
        case .cannotReopen:
            (
                "có tập thay đổi chưa có biên nhận đứng trước một tập đã có biên nhận, nên không thể thu hồi chuỗi",
                "gửi và xác nhận biên nhận của tập thay đổi trước đó (dsync node sync, hoặc hub import rồi dsync node ack)"
            )
        case .cannotResign:
            (
                "có tập thay đổi chưa có biên nhận đứng trước một tập đã có biên nhận (hoặc vừa có biên nhận trong lúc "
                    + "ký lại), nên không thể ký lại chuỗi từ đó",
                "gửi và xác nhận biên nhận của tập thay đổi trước đó (dsync node sync, hoặc hub import rồi dsync node "
                    + "ack), rồi chạy lại dsync node resign --refused-by-hub"
            )
        case .badUnitListFile:
            (
                "không đọc được tệp danh sách đơn vị hoặc tệp quá lớn",
                "chỉ đường dẫn tới một tệp CSV danh sách đơn vị (docs/units.md), tối đa 4 MiB"
            )
        case .badOfficerRule:
            (
                "tệp cơ quan đủ điều kiện (quy định về cán bộ của kế hoạch theo loại đơn vị) sai định dạng",
                "sửa dòng được nêu trong thông báo (config/eligible-offices.csv cho biết các cột)"
            )
        case .keyPermissions:
            (
                "tệp khóa bí mật cho phép nhóm hoặc người khác đọc hay ghi",
                "chạy chmod 600 cho tệp khóa (thông báo ghi tên tệp)"
            )
        case .databaseExists:
            (
                "thư mục đã có cơ sở dữ liệu hub",
                "chọn một thư mục trống; chỉ chuyển tệp đi nơi khác khi chắc chắn nó không còn dùng"
            )
        case .crlFromFuture:
            (
                "thời điểm thisUpdate của CRL muộn hơn đồng hồ cộng độ lệch cho phép",
                "kiểm tra đồng hồ của CA và của máy này, rồi cài một CRL phát hành tại thời điểm hiện tại"
            )
        case .badPassphraseFile:
            (
                "tệp mật khẩu khóa có nhiều hơn một dòng",
                "chỉ ghi mật khẩu trên một dòng (được phép một dấu xuống dòng ở cuối)"
            )
        case .badCheckpoint:
            (
                "điểm kiểm, ghi chú có chữ ký hoặc khóa xác minh sai định dạng, hoặc điểm kiểm không do khóa nhật ký "
                    + "mong đợi ký",
                "tải lại từ hub (hoặc đưa khóa nhật ký thành phố bằng --log-key); nếu vẫn lỗi, báo người vận hành hub"
            )
        case .badEvidence:
            (
                "bộ bằng chứng không chứng minh được tập thay đổi của nó: thiếu tệp hoặc tệp quá lớn, bằng chứng đưa "
                    + "vào nhật ký không dẫn tới gốc của điểm kiểm, hoặc biên nhận không phải của hub thành phố cho tập đó",
                "tạo lại bộ bằng chứng bằng dsync hub evidence ID --out DIR trên hub đã tiếp nhận tập thay đổi"
            )
        case .badCosignature:
            (
                "chữ ký đồng ký của nhân chứng hoặc ràng buộc của nó bị sai dạng, ghi một khoá khác, hoặc không khớp với điểm kiểm",
                "đồng ký lại bằng `dsync node sync` (lệnh này đồng ký điểm kiểm nó đã kiểm tra); sau khi có khoá mới, chạy `dsync node commit`"
            )
        case .unknownCheckpointSize:
            (
                "hub chưa ký điểm kiểm nào có kích thước mà chữ ký đồng ký ghi",
                "đồng bộ lại: đồng ký một điểm kiểm hub đã đưa ra (`GET /v1/log/checkpoint`)"
            )
        case .tooFewWitnesses:
            (
                "số đơn vị khác nhau đã đồng ký điểm kiểm của hub ít hơn số kiểm toán viên yêu cầu",
                "chờ thêm nút của các đơn vị khác đồng bộ, hoặc xem nhân chứng nào còn thiếu (`GET /v1/log/witnesses`)"
            )
        case .logInconsistent:
            (
                "nhật ký minh bạch không nhất quán: một bằng chứng không khớp, cây bị thu nhỏ, hoặc có hai gốc cho cùng một kích thước",
                "giữ lại chứng cứ; hub đã cho bên này thấy một lịch sử khác: báo cho bộ phận kiểm toán của thành phố"
            )
        case .alreadyBound:
            (
                "chứng thư số đã được đăng ký cho một đơn vị khác",
                "đăng ký chứng thư số của đơn vị này, hoặc kiểm tra cán bộ phụ trách đơn vị nào"
            )
        case .ambiguousOfficer:
            (
                "có nhiều cán bộ trùng với họ tên đã nhập",
                "ghi mã cán bộ (dsync node officer list cho biết mã)"
            )
        case .asOfNeedsReplay:
            (
                "có tập thay đổi được tiếp nhận sau ngày báo cáo và bản dsync này không dựng lại được trạng thái quá khứ",
                "ghi --as-of từ ngày tiếp nhận mới nhất trở về sau, hoặc dùng bản dsync có chức năng dựng lại"
            )
        case .badCertificateFile:
            (
                "tệp chứng thư số không phải bộ PEM hay chứng thư DER đọc được",
                "chỉ đường dẫn tới chứng thư số (PEM) do CA của thành phố cấp"
            )
        case .badChainHead:
            (
                "đầu chuỗi có chữ ký của hub sai định dạng hoặc không phải của nút này",
                "tải lại đầu chuỗi bằng dsync hub head --node MÃ_NÚT --out TỆP"
            )
        case .badColumn:
            (
                "một thay đổi ghi một cột không có trong lược đồ đồng bộ",
                "nâng cấp phần mềm của nút; tập thay đổi không được áp dụng"
            )
        case .badConfig:
            (
                "một giá trị cấu hình của nút không hợp lệ",
                "sửa giá trị được nêu trong thông báo (dsync node status hiển thị cấu hình)"
            )
        case .badCount:
            (
                "một số lượng nhập trên dòng lệnh nằm ngoài phạm vi cho phép",
                "nhập một số trong phạm vi thông báo nêu"
            )
        case .badCrl:
            (
                "CRL do hub cung cấp không đọc được hoặc không do CA của thành phố ký",
                "báo người vận hành hub; nút tiếp tục dùng CRL trước đó"
            )
        case .badDate:
            (
                "ngày không phải ngày dương lịch có thật theo dạng YYYY-MM-DD",
                "ghi ngày theo dạng YYYY-MM-DD (ví dụ 2013-06-30)"
            )
        case .badDistrictList:
            (
                "tệp danh sách đơn vị hành chính sai định dạng",
                "sửa dòng được nêu trong thông báo (docs/units.md mô tả các cột)"
            )
        case .badHubReply:
            (
                "hub trả lời một nội dung không phải câu trả lời hợp lệ",
                "báo người vận hành hub; chưa tập thay đổi nào được đánh dấu đã gửi"
            )
        case .badHubUrl:
            (
                "địa chỉ hub không phải URL https:// (chỉ dùng http:// trên địa chỉ loopback)",
                "ghi địa chỉ theo dạng https://MÁY:CỔNG"
            )
        case .badKeyFile:
            (
                "tệp khóa không phải khóa bí mật PEM đọc được",
                "chỉ tệp khóa PEM đã mã hóa, được tạo cùng yêu cầu cấp chứng thư"
            )
        case .badKeyType:
            (
                "loại hoặc độ dài khóa không được phép (RSA từ 2048 bit, ECDSA P-256)",
                "tạo khóa mới bằng dsync node keygen"
            )
        case .badListen:
            (
                "địa chỉ lắng nghe không theo dạng MÁY:CỔNG",
                "ghi --listen 127.0.0.1:8443 (hoặc [::1]:8443)"
            )
        case .badMagic:
            (
                "dữ liệu không bắt đầu bằng dấu hiệu nhận dạng tập thay đổi DistrictSync",
                "chỉ một tệp .dsc do dsync node commit tạo ra"
            )
        case .badOption:
            (
                "giá trị một tùy chọn không hợp lệ hoặc các tùy chọn mâu thuẫn nhau",
                "đọc thông báo để biết các giá trị được chấp nhận; dsync help liệt kê các tùy chọn"
            )
        case .badPayload:
            (
                "nội dung tập thay đổi sai định dạng (độ dài, mã hóa, tỷ lệ nén)",
                "tệp bị hỏng hoặc giả mạo: xuất lại từ nút"
            )
        case .badPlan:
            (
                "tệp kế hoạch không hợp lệ (thông báo ghi dòng sai và nội dung cần có)",
                "sửa tệp kế hoạch theo docs/plans.md rồi cài lại"
            )
        case .badQuarter:
            (
                "quý không theo dạng YYYYQn với n từ 1 đến 4",
                "ghi --quarter như 2013Q2"
            )
        case .badReceipt:
            (
                "biên nhận không xác minh được hoặc sai định dạng",
                "lấy lại biên nhận (nhập lại hoặc đồng bộ lại); nếu vẫn lỗi, báo người vận hành hub"
            )
        case .badSettings:
            (
                "tệp thiết lập của hub (hub.json) không hợp lệ",
                "sửa trường được nêu trong thông báo, hoặc tạo lại thư mục hub bằng dsync hub init"
            )
        case .badSignature:
            (
                "chữ ký số không khớp với nội dung",
                "tệp đã bị sửa sau khi ký: xuất lại bản gốc từ nút"
            )
        case .badSizeRules:
            (
                "bảng quy định quy mô doanh nghiệp sai định dạng",
                "sửa dòng được nêu trong thông báo (config/size-rules.csv cho biết các cột)"
            )
        case .badYears:
            (
                "khoảng năm không theo dạng YYYY hoặc YYYY-YYYY trong các năm khảo sát",
                "ghi --years như 2011-2015"
            )
        case .businessExists:
            (
                "trên nút đã có doanh nghiệp với mã số thuế này",
                "cập nhật bằng dsync node business update, hoặc kiểm tra lại mã số thuế"
            )
        case .cannotUnapply:
            (
                "không thể gỡ bỏ phía đã được tiếp nhận của một rẽ nhánh",
                "giữ tập thay đổi đã được tiếp nhận: dsync hub resolve --keep MÃ_ĐÃ_TIẾP_NHẬN"
            )
        case .certExpired:
            (
                "một chứng thư số trong chuỗi của người ký đã hết hạn vào thời điểm được xét",
                "gia hạn chứng thư số của cán bộ (scripts/pki-renew) rồi ký lại"
            )
        case .certNotYetValid:
            (
                "một chứng thư số trong chuỗi của người ký chưa có hiệu lực vào thời điểm được xét",
                "kiểm tra đồng hồ của nút và thời hạn của chứng thư số; ký lại khi chứng thư có hiệu lực"
            )
        case .certRevoked:
            (
                "chứng thư số của người ký đã bị thu hồi",
                "ký bằng chứng thư số đã được cấp lại của cán bộ (khóa bị thu hồi có thể đã lộ)"
            )
        case .chainBroken:
            (
                "mã băm của tập thay đổi trước không khớp với đầu chuỗi của nút này tại hub, hoặc số thứ tự bằng 0",
                "xuất các tập thay đổi còn thiếu trước đó của nút; không sửa tệp .dsc"
            )
        case .chainInvalid:
            (
                "chuỗi chứng thư số của người ký không hợp lệ",
                "dùng chứng thư số do CA của thành phố cấp, kèm các chứng thư trung gian"
            )
        case .chainStarted:
            (
                "chuỗi của nút đã bắt đầu nên không thể đặt lại theo cách này",
                "dùng một nút thay thế (docs/hub.md) thay vì đặt lại chuỗi"
            )
        case .clockAhead:
            (
                "thời điểm thay đổi mới nhất trong tập thay đổi sớm hơn đồng hồ của hub quá mức cho phép",
                "chỉnh đồng hồ của nút rồi đóng gói lại (hub cho phép lệch 5 phút)"
            )
        case .clockDrift:
            (
                "đồng hồ của nút sẽ lệch quá xa so với các thay đổi đã ghi",
                "chỉnh đồng hồ hệ thống; xem tài liệu về cách khôi phục nút bị nhảy đồng hồ"
            )
        case .commitMismatch:
            (
                "hộp thư đi của nút không khớp với những gì đã đóng gói",
                "chạy dsync node status; nếu vẫn lỗi, khôi phục nút từ bản sao lưu"
            )
        case .corruptChangeLog:
            (
                "nhật ký thay đổi của nút bị hỏng",
                "khôi phục cơ sở dữ liệu của nút từ bản sao lưu"
            )
        case .corruptOutbox:
            (
                "một tập thay đổi trong hộp thư đi của nút bị hỏng",
                "khôi phục nút từ bản sao lưu, hoặc xuất lại từ một bản sao"
            )
        case .corruptRecord:
            (
                "không đọc được một bản ghi đã lưu",
                "khôi phục cơ sở dữ liệu của nút từ bản sao lưu"
            )
        case .crlInvalid:
            (
                "không đọc được CRL hoặc chữ ký của CRL không hợp lệ",
                "cài CRL do CA của thành phố phát hành (scripts/pki-gencrl)"
            )
        case .crlMissing:
            (
                "hub chưa cài CRL của đơn vị cấp chứng thư cho người ký",
                "người vận hành hub cài CRL của CA: dsync hub crl add TỆP"
            )
        case .crlOlder:
            (
                "CRL đưa vào cũ hơn CRL đang cài",
                "cài CRL mới hơn; danh sách cũ không thể thay thế danh sách mới"
            )
        case .crlStale:
            (
                "CRL mới nhất của một đơn vị cấp chứng thư đã quá thời điểm nextUpdate",
                "người vận hành hub cài CRL mới (scripts/pki-gencrl, dsync hub crl add)"
            )
        case .crlUntrusted:
            (
                "CRL không do một gốc tin cậy ký",
                "cài CRL do CA của thành phố ký"
            )
        case .csvBadQuote:
            (
                "một ô CSV có dấu ngoặc kép ở sai vị trí",
                "đặt cả ô trong ngoặc kép và viết đôi các dấu ngoặc kép bên trong (docs/import-format.md)"
            )
        case .csvEmpty:
            (
                "tệp CSV không có dòng tiêu đề",
                "dùng tệp CSV có dòng tiêu đề như docs/import-format.md"
            )
        case .csvHeader:
            (
                "dòng tiêu đề CSV có cột không xác định hoặc bị lặp",
                "dùng tên cột theo docs/import-format.md"
            )
        case .csvMissingColumns:
            (
                "dòng tiêu đề CSV thiếu cột bắt buộc",
                "thêm các cột mà thông báo liệt kê"
            )
        case .csvUnterminatedQuote:
            (
                "một ô CSV mở ngoặc kép mà không đóng",
                "đóng ngoặc kép của ô ở dòng được nêu"
            )
        case .databaseCorrupt:
            (
                "một tệp cơ sở dữ liệu bị hỏng",
                "khôi phục tệp từ bản sao lưu"
            )
        case .databaseError:
            (
                "một thao tác trên cơ sở dữ liệu bị lỗi",
                "đọc thông báo; thử lại, hoặc khôi phục từ bản sao lưu"
            )
        case .databaseLocked:
            (
                "cơ sở dữ liệu đang bị một tiến trình khác khóa",
                "chờ tiến trình dsync kia chạy xong rồi thử lại"
            )
        case .databaseTooNew:
            (
                "cơ sở dữ liệu do một phiên bản dsync mới hơn tạo ra",
                "dùng bản dsync mới hơn với thư mục này"
            )
        case .districtMismatch:
            (
                "người ký, chuỗi của nút hoặc một bản ghi thuộc đơn vị khác với đơn vị ghi trong tập thay đổi",
                "ký bằng chứng thư số cán bộ của đơn vị này (hoặc đăng ký chứng thư: dsync hub enroll)"
            )
        case .districtNotValid:
            (
                "đơn vị của tập thay đổi không có hiệu lực đối với các bản ghi trong đó",
                "chỉ đưa vào các bản ghi trong thời gian tồn tại của đơn vị (docs/units.md)"
            )
        case .districtNotValidOnDate:
            (
                "đơn vị mang mã này không có hiệu lực vào ngày đã cho",
                "ghi một ngày trong thời gian tồn tại của đơn vị, hoặc mã của đơn vị có hiệu lực vào ngày đó"
            )
        case .districtUnbound:
            (
                "chứng thư số của người ký không ghi đơn vị nào và chưa được đăng ký",
                "người vận hành hub đăng ký chứng thư (dsync hub enroll) hoặc CA cấp chứng thư có URI của đơn vị"
            )
        case .error:
            (
                "lỗi ngoài dự kiến",
                "đọc thông báo; báo lỗi kèm câu lệnh đã gây ra lỗi"
            )
        case .fileNotFound:
            (
                "tệp ghi trên dòng lệnh không tồn tại",
                "kiểm tra lại đường dẫn"
            )
        case .fileTooLarge:
            (
                "tệp lớn hơn giới hạn cho phép",
                "chia nhỏ tệp, hoặc kiểm tra có đúng tệp cần dùng không"
            )
        case .foreignRecord:
            (
                "một thay đổi chạm vào bản ghi do đơn vị khác quản lý, hoặc tạo bản ghi cho đơn vị khác",
                "xóa các bản ghi của đơn vị khác khỏi nút này; việc chuyển quản lý chỉ thực hiện bằng thủ tục chuyển (transfer)"
            )
        case .fork:
            (
                "có hai tập thay đổi khác nhau được ký cho cùng một (nút, số thứ tự): nút bị tạm dừng",
                "người vận hành hub quyết định: dsync hub resolve --keep MÃ"
            )
        case .forkRejected:
            (
                "tập thay đổi này bị loại khi xử lý rẽ nhánh",
                "không cần làm gì: người vận hành đã giữ tập thay đổi còn lại của số thứ tự này"
            )
        case .gap:
            (
                "một tập thay đổi trước đó của nút này chưa đến; tập này đang được tạm giữ",
                "gửi các tập thay đổi trước đó của nút; tập này sẽ được áp dụng khi đủ chuỗi"
            )
        case .headerMismatch:
            (
                "số lượng hoặc khoảng thời gian ghi trong phần đầu tập thay đổi không khớp với nội dung",
                "tệp bị giả mạo hoặc bị hỏng: xuất lại từ nút"
            )
        case .homeExists:
            (
                "thư mục làm việc đã tồn tại",
                "chọn một thư mục mới, hoặc dùng thư mục làm việc đã có"
            )
        case .homeLocked:
            (
                "một tiến trình dsync khác đang dùng thư mục làm việc này",
                "chờ tiến trình đó chạy xong"
            )
        case .homeNotEmpty:
            (
                "thư mục không trống",
                "chỉ một thư mục trống hoặc chưa có"
            )
        case .hubBusy:
            (
                "hàng đợi hợp nhất của hub đã đầy",
                "thử lại sau (nút tự thử lại với thời gian chờ tăng dần)"
            )
        case .hubDbCorrupt:
            (
                "cơ sở dữ liệu hub không qua được bước kiểm tra toàn vẹn",
                "người vận hành hub khôi phục cơ sở dữ liệu từ bản sao lưu; dsync hub check đối chiếu với các tập thay đổi đã lưu"
            )
        case .hubDiskFull:
            (
                "ổ đĩa chứa thư mục hub đã đầy",
                "người vận hành giải phóng dung lượng; gửi lại đúng các tệp đó (chưa có gì được hợp nhất)"
            )
        case .hubUnavailable:
            (
                "hub trả lời rằng hiện không thể phục vụ",
                "thử lại sau"
            )
        case .hubUnreachable:
            (
                "không kết nối được tới hub qua mạng",
                "kiểm tra mạng và địa chỉ hub; thử lại sau hoặc gửi bằng USB"
            )
        case .hubUntrusted:
            (
                "chứng thư TLS của hub không nối được tới CA của thành phố",
                "kiểm tra --ca và địa chỉ hub; báo người vận hành hub"
            )
        case .insecureNotLoopback:
            (
                "yêu cầu dùng HTTP không mã hóa trên một địa chỉ không phải loopback",
                "chạy với TLS (--tls-cert, --tls-key) hoặc lắng nghe trên 127.0.0.1"
            )
        case .internalError:
            (
                "lỗi ngoài dự kiến bên trong hub",
                "thử lại; người vận hành hub xem nhật ký của hub"
            )
        case .interrupted:
            (
                "quá trình đồng bộ bị gián đoạn",
                "chạy lại dsync node sync (lệnh sẽ tiếp tục từ chỗ dừng)"
            )
        case .invalidBusiness:
            (
                "một dòng doanh nghiệp có trường không hợp lệ",
                "sửa các trường mà thông báo liệt kê (docs/import-format.md)"
            )
        case .invalidSurvey:
            (
                "một câu trả lời khảo sát có trường không hợp lệ",
                "sửa các trường mà thông báo liệt kê (docs/import-format.md)"
            )
        case .ioError:
            (
                "không đọc hoặc ghi được một tệp",
                "kiểm tra đường dẫn, quyền truy cập và ổ đĩa"
            )
        case .keyCertMismatch:
            (
                "khóa bí mật không thuộc chứng thư số này",
                "dùng khóa đã tạo cùng yêu cầu cấp chứng thư này"
            )
        case .legacyTargetsFile:
            (
                "thư mục hub còn tệp cũ config/targets.yaml",
                "viết các chỉ tiêu thành một tệp kế hoạch (docs/plans.md), cài tệp đó rồi xóa targets.yaml"
            )
        case .lockFailed:
            (
                "không lấy được tệp khóa của thư mục làm việc",
                "kiểm tra quyền truy cập của thư mục"
            )
        case .malformedCms:
            (
                "dữ liệu không phải cấu trúc CMS SignedData đọc được",
                "chỉ một tệp .dsc do dsync node commit tạo ra"
            )
        case .missingSignedAttributes:
            (
                "thiếu hoặc sai một thuộc tính ký bắt buộc",
                "ký bằng dsync node commit (thuộc tính CAdES-BES)"
            )
        case .mtlsNeedsTls:
            (
                "yêu cầu chứng thư số của máy khách mà không bật TLS",
                "ghi --tls-cert và --tls-key cùng với --require-client-cert"
            )
        case .multipleSigners:
            (
                "SignedData không có người ký hoặc có nhiều người ký",
                "ký bằng đúng một chứng thư số cán bộ"
            )
        case .noCa:
            (
                "chưa có chứng thư số CA của thành phố",
                "ghi --ca ROOT.pem (chứng thư số gốc của thành phố)"
            )
        case .noCrl:
            (
                "hub chưa cài CRL",
                "người vận hành hub cài CRL: dsync hub crl add TỆP"
            )
        case .noData:
            (
                "hub chưa tiếp nhận tập thay đổi nào",
                "nhập các tập thay đổi trước"
            )
        case .noDataAsOf:
            (
                "chưa có tập thay đổi nào được tiếp nhận tính đến ngày báo cáo",
                "ghi --as-of từ ngày mà thông báo nêu trở về sau"
            )
        case .noDistricts:
            (
                "không có đơn vị nào trong danh sách có hiệu lực vào ngày đã cho",
                "ghi một ngày trong khoảng thời gian của danh sách, hoặc cài danh sách đơn vị mới hơn"
            )
        case .noDistrictsOnDate:
            (
                "không có đơn vị nào trong danh sách có hiệu lực vào ngày báo cáo",
                "ghi --as-of một ngày mà danh sách đơn vị bao gồm"
            )
        case .noHome:
            (
                "chưa chỉ thư mục làm việc",
                "ghi --home THƯ_MỤC hoặc đặt biến DSYNC_HOME / DSYNC_HUB_HOME"
            )
        case .noHub:
            (
                "chưa chỉ cơ sở dữ liệu hub hoặc địa chỉ hub",
                "ghi --home THƯ_MỤC (hoặc --db ĐƯỜNG_DẪN), hoặc đặt hub bằng dsync node set-hub"
            )
        case .noHubKey:
            (
                "khóa ký của hub chưa được nạp",
                "khởi động hub với mật khẩu khóa (DSYNC_KEY_PASSPHRASE hoặc --passphrase-file)"
            )
        case .noPlanForYear:
            (
                "không có kế hoạch đã cài nào bao gồm năm khảo sát này",
                "ghi --year trong thời kỳ của một kế hoạch, hoặc cài một kế hoạch (docs/plans.md)"
            )
        case .noSigner:
            (
                "nút chưa được cấu hình người ký",
                "cấu hình bằng: dsync node set-signer --cert C --key K --ca ROOT"
            )
        case .noSignerCert:
            (
                "SignedData không kèm chứng thư số của người ký",
                "ký bằng dsync node commit (lệnh này kèm chứng thư số)"
            )
        case .noSizeRule:
            (
                "không có quy định quy mô doanh nghiệp nào áp dụng cho năm này",
                "thêm quy định vào size-rules.csv, hoặc ghi một năm đã có quy định"
            )
        case .noSuchFile:
            (
                "tệp không tồn tại",
                "kiểm tra lại đường dẫn"
            )
        case .noSurveyData:
            (
                "không có câu trả lời khảo sát cho năm này",
                "ghi --year là một trong các năm mà thông báo liệt kê"
            )
        case .noTls:
            (
                "yêu cầu TLS nhưng thiếu chứng thư hoặc khóa",
                "ghi đủ cả --tls-cert và --tls-key"
            )
        case .noTrustAnchor:
            (
                "chưa có gốc tin cậy (chứng thư số gốc)",
                "ghi --ca ROOT.pem (chứng thư số gốc của thành phố)"
            )
        case .noValidCertificate:
            (
                "đơn vị chưa có chứng thư số cán bộ còn hiệu lực",
                "cấp mới hoặc gia hạn chứng thư số của cán bộ"
            )
        case .notANodeHome:
            (
                "thư mục này không phải thư mục làm việc của nút",
                "chỉ thư mục đã tạo bằng dsync node init"
            )
        case .notAtHub:
            (
                "hub không có một tập thay đổi mà nút đã gửi",
                "chạy lại dsync node sync; nếu vẫn lỗi, báo người vận hành hub"
            )
        case .notHubSigner:
            (
                "biên nhận hoặc đầu chuỗi được ký bằng chứng thư số không phải của hub",
                "từ chối văn bản đó; kiểm tra chứng thư của hub đã ghim khi chạy set-hub"
            )
        case .notNfc:
            (
                "văn bản không ở dạng chuẩn Unicode NFC",
                "đóng gói lại bằng dsync (dsync tự chuẩn hóa dữ liệu nhập); không sửa tệp .dsc"
            )
        case .notQuarantined:
            (
                "tập thay đổi không ở trạng thái cách ly",
                "kiểm tra mã (dsync hub audit --outcome quarantined)"
            )
        case .notRegularFile:
            (
                "đường dẫn không phải tệp thông thường (là thư mục, thiết bị, ống dẫn hoặc liên kết tượng trưng)",
                "chỉ đường dẫn tới một tệp thông thường"
            )
        case .officerDecision:
            (
                "thiếu quyết định phân công hoặc quyết định sai định dạng",
                "ghi --decision như 123/QĐ-UBND và --appointed YYYY-MM-DD"
            )
        case .officerEndBeforeStart:
            (
                "ngày kết thúc của cán bộ sớm hơn ngày bắt đầu",
                "ghi ngày kết thúc bằng hoặc sau ngày bắt đầu"
            )
        case .officerId:
            (
                "thiếu mã cán bộ hoặc mã không xác định",
                "ghi một mã mà dsync node officer list hiển thị"
            )
        case .officerName:
            (
                "họ tên cán bộ để trống hoặc không phải họ tên người",
                "ghi đầy đủ họ, tên đệm và tên"
            )
        case .planOverlap:
            (
                "thời kỳ của kế hoạch trùng với thời kỳ của một kế hoạch khác đã cài",
                "sửa lại thời kỳ, hoặc cài dưới mã của kế hoạch kia để thay thế"
            )
        case .receiptMismatch:
            (
                "biên nhận không khớp với tập thay đổi mà nó xác nhận",
                "báo người vận hành hub; tập thay đổi vẫn ở trạng thái chưa gửi"
            )
        case .replay:
            (
                "tập thay đổi có số thứ tự không lớn hơn đầu chuỗi đã tiếp nhận của nút và không phải tập đã được tiếp nhận",
                "bản sao cũ thì không cần làm gì; không bao giờ ký lại các tập thay đổi cũ"
            )
        case .reportFailed:
            (
                "không lập được báo cáo",
                "đọc thông báo; người vận hành hub kiểm tra cơ sở dữ liệu hub"
            )
        case .requestTimeout:
            (
                "nội dung yêu cầu đến quá chậm",
                "thử lại với đường truyền tốt hơn"
            )
        case .schemaMismatch:
            (
                "tập thay đổi thuộc một phiên bản lược đồ khác",
                "nâng cấp phía cũ hơn (nút hoặc hub)"
            )
        case .schemaNoPrimaryKey:
            (
                "một bảng đồng bộ không có khóa chính",
                "lược đồ bị hỏng: khôi phục nút từ bản sao lưu"
            )
        case .seqGapTooLarge:
            (
                "số thứ tự vượt quá xa so với đầu chuỗi của nút",
                "gửi các tập thay đổi trước đó của nút trước"
            )
        case .seqMismatch:
            (
                "số thứ tự trong biên nhận khác với số thứ tự của tập thay đổi trên nút này",
                "kiểm tra biên nhận có đúng của tập thay đổi trên nút này không; báo người vận hành hub"
            )
        case .severalNodes:
            (
                "có nhiều nút phù hợp trong khi lệnh chỉ cần một",
                "ghi --node MÃ_NÚT (dsync hub status liệt kê các nút)"
            )
        case .signerIsCa:
            (
                "chứng thư số của người ký là chứng thư của CA",
                "ký bằng chứng thư số của cán bộ, không bao giờ dùng chứng thư của CA"
            )
        case .signingTimeInFuture:
            (
                "thời điểm ký muộn hơn mức đồng hồ của hub cho phép",
                "chỉnh đồng hồ của nút rồi ký lại"
            )
        case .storeCorrupt:
            (
                "dữ liệu của một tập thay đổi đã lưu không khớp với mã của nó",
                "người vận hành hub khôi phục kho lưu trữ từ bản sao lưu (dsync hub check)"
            )
        case .storeMissing:
            (
                "một tập thay đổi đã lưu bị mất khỏi kho lưu trữ của hub",
                "người vận hành hub khôi phục kho lưu trữ từ bản sao lưu (dsync hub check)"
            )
        case .targetExists:
            (
                "tệp đầu ra đã tồn tại",
                "chọn đường dẫn khác hoặc xóa tệp đó"
            )
        case .taxCodeBranch:
            (
                "phần đuôi đơn vị phụ thuộc của mã số thuế là 000",
                "ghi mã đơn vị phụ thuộc gồm 10 chữ số, dấu gạch ngang và 001–999"
            )
        case .taxCodeCheckDigit:
            (
                "chữ số kiểm tra của mã số thuế không đúng",
                "đối chiếu mã số thuế với giấy chứng nhận đăng ký doanh nghiệp"
            )
        case .taxCodeFormat:
            (
                "mã số thuế không gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số",
                "ghi như 0312345678 hoặc 0312345678-001"
            )
        case .taxCodeLength:
            (
                "mã số thuế có số chữ số không đúng",
                "ghi 10 chữ số, hoặc 13 chữ số đối với đơn vị phụ thuộc"
            )
        case .taxCodeNotDigits:
            (
                "mã số thuế có ký tự không phải chữ số",
                "chỉ ghi chữ số (đơn vị phụ thuộc: 10 chữ số, dấu gạch ngang, 3 chữ số)"
            )
        case .taxCodeZeroBody:
            (
                "các chữ số từ thứ 3 đến thứ 9 của mã số thuế đều bằng 0",
                "đối chiếu mã số thuế với giấy chứng nhận đăng ký doanh nghiệp"
            )
        case .tooLarge:
            (
                "dữ liệu đầu vào lớn hơn giới hạn cho phép",
                "chia nhỏ tập thay đổi (dsync node commit tự chia ở mức 50.000 thay đổi) hoặc kiểm tra lại tệp"
            )
        case .trailingBytes:
            (
                "còn dữ liệu thừa sau phần cuối của cấu trúc",
                "tệp đã bị sửa: xuất lại từ nút"
            )
        case .trainingCourse:
            (
                "thiếu tên khóa tập huấn hoặc ngày tập huấn",
                "ghi --course và --date"
            )
        case .truncated:
            (
                "dữ liệu kết thúc trước điểm kết thúc đã khai báo",
                "tệp chưa đầy đủ: sao chép lại"
            )
        case .unknownBusiness:
            (
                "trên nút không có doanh nghiệp với mã số thuế này",
                "kiểm tra lại mã số thuế (dsync node business list)"
            )
        case .unknownCa:
            (
                "chuỗi chứng thư của người ký không dẫn tới gốc tin cậy nào",
                "ký bằng chứng thư số do CA của thành phố cấp"
            )
        case .unknownChangeset:
            (
                "biên nhận ghi một tập thay đổi mà nút này không có",
                "kiểm tra biên nhận có đúng của nút này không"
            )
        case .unknownDistrict:
            (
                "không có đơn vị nào mang mã này",
                "ghi một mã có trong config/units.csv (docs/units.md)"
            )
        case .unknownFormatVersion:
            (
                "không nhận ra phiên bản định dạng của tập thay đổi",
                "nâng cấp dsync ở phía cũ hơn"
            )
        case .unknownImportKind:
            (
                "loại dữ liệu nhập không phải businesses, surveys hay officers",
                "ghi một trong businesses, surveys, officers"
            )
        case .unknownNode:
            (
                "hub không biết nút nào mang mã này",
                "kiểm tra lại mã (dsync hub status)"
            )
        case .unknownOfficer:
            (
                "không có cán bộ nào mang mã này",
                "kiểm tra lại mã (dsync node officer list)"
            )
        case .unknownPlan:
            (
                "không có kế hoạch đã cài nào mang mã này",
                "ghi một mã mà dsync hub plans list hiển thị"
            )
        case .unknownReceipt:
            (
                "không có biên nhận cho mã tập thay đổi này",
                "kiểm tra lại mã; chỉ tập thay đổi đã được tiếp nhận mới có biên nhận"
            )
        case .unknownTable:
            (
                "một thay đổi ghi một bảng không có trong lược đồ đồng bộ",
                "nâng cấp phần mềm của nút; tập thay đổi không được áp dụng"
            )
        case .unknownTarget:
            (
                "kế hoạch không có chỉ tiêu mang mã này",
                "ghi một mã mà thông báo liệt kê (ví dụ B1a)"
            )
        case .unknownValue:
            (
                "giá trị không thuộc các giá trị được phép",
                "dùng một giá trị mà thông báo liệt kê"
            )
        case .unsupportedAlgorithm:
            (
                "thuật toán khóa hoặc thuật toán băm nằm ngoài danh sách cho phép",
                "ký bằng RSA từ 2048 bit hoặc ECDSA P-256 với SHA-256 hoặc mạnh hơn"
            )
        case .unsupportedPssParameters:
            (
                "tham số RSA-PSS khác SHA-256, MGF1-SHA-256, salt 32",
                "ký bằng dsync node commit (lệnh dùng đúng tham số cho phép)"
            )
        case .weakPassphrase:
            (
                "mật khẩu khóa quá ngắn",
                "chọn mật khẩu có độ dài ít nhất bằng mức thông báo nêu"
            )
        case .wrongCity:
            (
                "tập thay đổi thuộc một thành phố khác",
                "gửi tập thay đổi tới hub của đúng thành phố đó"
            )
        case .wrongDistrict:
            (
                "biên nhận thuộc một đơn vị khác",
                "kiểm tra biên nhận có đúng của nút này không"
            )
        case .wrongKeyUsage:
            (
                "chứng thư số của người ký thiếu mục đích digitalSignature hoặc nonRepudiation",
                "dùng chứng thư số cán bộ được cấp cho mục đích ký"
            )
        case .wrongNode:
            (
                "biên nhận hoặc đầu chuỗi thuộc một nút khác",
                "kiểm tra văn bản đó có đúng của nút này không"
            )
        case .wrongPassphrase:
            (
                "không giải mã được khóa bí mật bằng mật khẩu đã nhập",
                "nhập đúng mật khẩu của khóa"
            )
        }
    }

    /// What the code means, in `language`.
    public func meaning(in language: Language) -> String {
        switch language {
        case .vi: vietnamese.meaning
        case .en: entry.meaning
        }
    }

    /// What the user should do about it, in `language`.
    public func action(in language: Language) -> String {
        switch language {
        case .vi: vietnamese.action
        case .en: entry.action
        }
    }
}
