import DistrictSyncCore
import DistrictSyncCrypto
import SQLiteDB

/// The reads the chain rule needs, in one place with the rest of the hub's SQL: what the hub holds
/// about one node's chain when changeset `p` arrives (inside the deciding transaction).
extension HubService {
    func chainState(for p: PreparedChangeset) throws -> ChainState {
        let h = p.header
        var state = ChainState(maxGap: settings.maxSequenceGap)
        let id = SQLValue.text(p.id)
        let node = SQLValue.text(h.nodeID)
        let seq = SQLValue.integer(Int64(clamping: h.sequence))
        state.accepted = try db.scalar("SELECT 1 FROM accepted WHERE id = ?", [id]) != nil
        state.held = try db.scalar("SELECT 1 FROM held WHERE id = ?", [id]) != nil
        if let row = try db.queryOne("SELECT resolution FROM quarantine WHERE id = ?", [id]) {
            switch row[0].string {
            case nil: state.quarantine = .unresolved
            case "kept": state.quarantine = .kept
            case let other?: state.quarantine = .lost(other)
            }
        }
        if let head = try db.queryOne("SELECT seq, hash, district FROM node_heads WHERE node_id = ?", [node]) {
            state.head = ChainState.Head(
                seq: UInt64(clamping: head[0].int64 ?? 0), hash: head[1].string ?? "", unit: head[2].string ?? "")
        }
        if h.sequence >= 1, h.sequence <= state.head?.seq ?? 0,
            let acceptedID = try db.scalar("SELECT id FROM accepted WHERE node_id = ? AND seq = ?", [node, seq])?.string
        {
            // Without the accepted bytes the hub cannot tell a fork from a replay: `store_missing` /
            // `store_corrupt` (the hub's fault) is thrown here, never silently a replay.
            let original = try home.store.get(id: acceptedID)
            let differs = (try? CMSInspector.inspect(der: original).content).map { $0[...] != p.content } ?? false
            state.acceptedAtSeq = ChainState.AcceptedAtSeq(id: acceptedID, sameContent: !differs)
        }
        if let forkSeq = try db.scalar(
            "SELECT MIN(seq) FROM quarantine WHERE node_id = ? AND resolved_at IS NULL", [node])?.int64
        {
            let other =
                try db.scalar(
                    "SELECT id FROM quarantine WHERE node_id = ? AND seq = ? AND resolved_at IS NULL LIMIT 1",
                    [node, .integer(forkSeq)])?.string ?? ""
            state.unresolvedFork = ChainState.UnresolvedFork(seq: UInt64(clamping: forkSeq), other: other)
        }
        state.heldAtSeq = try db.scalar("SELECT id FROM held WHERE node_id = ? AND seq = ?", [node, seq])?.string
        return state
    }

    /// The signed receipt of an accepted changeset.
    func storedReceipt(changesetID id: String) throws -> [UInt8]? {
        try store.receipt(changesetID: id)
    }
}
