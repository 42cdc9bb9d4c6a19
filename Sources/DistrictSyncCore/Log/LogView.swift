/// What a client of the city log (a node, an auditor) checks each time it sees a new checkpoint,
/// against the one it kept: the log only grew, by a valid consistency proof; the same size never has
/// two roots; the checkpoint is fresh. Pure: the caller fetched the proof and keeps the checkpoints.
public enum LogView {
    /// Whether `new` may replace `kept` (nil: nothing kept yet, the first checkpoint is trusted as
    /// seen — trust on first use, as with the hub's certificate). `proof` is the consistency proof
    /// from `kept.size` to `new.size` (ignored when the sizes are equal or nothing is kept).
    public static func checkExtends(kept: Checkpoint?, new: Checkpoint, proof: [MerkleTree.Hash]) throws(CoreError) {
        guard let kept else { return }
        guard kept.origin == new.origin else {
            throw CoreError(
                "log_inconsistent",
                LocalizedText(
                    vi:
                        "nhật ký của hub nay là '\(new.origin)', không phải '\(kept.origin)' mà nút này đã lưu",
                    en: "the hub's log is now '\(new.origin)', not the '\(kept.origin)' this node kept"))
        }
        guard new.size >= kept.size else {
            throw CoreError(
                "log_inconsistent",
                LocalizedText(
                    vi:
                        "hub cho nút này xem một nhật ký nhỏ hơn (\(new.size) mục) so với lần trước (\(kept.size)): "
                        + "lịch sử đã bị cắt bớt",
                    en:
                        "the hub showed this node a smaller log (\(new.size) entries) than it showed before (\(kept.size)): "
                        + "history was cut"))
        }
        if new.size == kept.size {
            guard new.root == kept.root else {
                throw CoreError(
                    "log_inconsistent",
                    LocalizedText(
                        vi:
                            "hub cho nút này xem hai nhật ký khác nhau cùng có \(new.size) mục: lịch sử đã bị viết lại",
                        en: "the hub showed this node two different logs of \(new.size) entries: it rewrote history"))
            }
            return
        }
        do {
            try MerkleProof.verifyConsistency(
                size1: kept.size, size2: new.size, root1: kept.root, root2: new.root, proof: proof)
        } catch {
            throw CoreError(
                "log_inconsistent",
                LocalizedText(
                    vi:
                        "nhật ký \(new.size) mục của hub không nối tiếp nhật ký \(kept.size) mục đã cho nút này xem "
                        + "trước đó (\(error.message(in: .vi))): máy chủ đã cho nút này xem một lịch sử khác",
                    en:
                        "the hub's log of \(new.size) entries does not extend the log of \(kept.size) it showed this node "
                        + "before (\(error.message)): it showed this node a different history"))
        }
    }

    /// `log_stale` when the checkpoint was signed more than `maxAgeMillis` before `now` (threat T7:
    /// a hub that freezes its log while it stays reachable).
    public static func checkFresh(_ c: Checkpoint, now: Int64, maxAgeMillis: Int64) throws(CoreError) {
        guard let t = c.timestampMillis else {
            throw CoreError(
                "log_stale",
                LocalizedText(
                    vi: "điểm kiểm của hub không có dấu thời gian, nên không đánh giá được độ cũ",
                    en: "the hub's checkpoint carries no timestamp, so its age cannot be judged"))
        }
        guard now - t <= maxAgeMillis else {
            throw CoreError(
                "log_stale",
                LocalizedText(
                    vi:
                        "điểm kiểm mới nhất của hub đã cũ \((now - t) / 60_000) phút (cho phép tối đa \(maxAgeMillis / 60_000) "
                        + "phút) dù máy chủ vẫn trả lời: có thể máy chủ đã đóng băng nhật ký; hãy báo cho bộ phận kiểm toán của thành phố",
                    en:
                        "the hub's newest checkpoint is \((now - t) / 60_000) minutes old (at most \(maxAgeMillis / 60_000) "
                        + "allowed) although the hub answers: it may have frozen its log; tell the city's auditors"))
        }
    }
}
