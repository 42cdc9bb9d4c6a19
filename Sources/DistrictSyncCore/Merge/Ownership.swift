/// Who may change a stored record (issue 12, "Ownership is explicit"): a pure rule the hub's merge
/// applies to each change before the field-level merge (`PaletteRow.apply`) decides anything.
///
/// A record belongs to the unit that created it — the first change that set its `district` with a
/// version. A tombstone of a record the hub never saw sets no `district` version, so it gives the
/// deleting unit no claim: whoever creates the record takes it. The rule never looks at clocks, so it
/// cannot be won by a clock set ahead.
public enum Ownership: Sendable, Equatable {
    /// The record is the changing unit's: merge field by field.
    case own
    /// The record is only another unit's claimless tombstone and this change creates it: drop the
    /// tombstone, the change creates the record for its unit.
    case takeOver
    /// The record is another unit's: the change's changeset is refused `foreign_record`.
    case foreign

    /// The decision for a change by `unit` to a stored record of `owner`.
    ///
    /// - Parameters:
    ///   - ownerClaimed: whether the stored `district` has a version (was set by a change).
    ///   - creates: the change is an upsert that sets `district` (to `unit`: checked before).
    public static func decide(unit: String, owner: String?, ownerClaimed: Bool, creates: Bool) -> Ownership {
        if owner == unit { return .own }
        // Someone else's record, or a row with no district at all: only an unclaimed row can be taken.
        return !ownerClaimed && creates ? .takeOver : .foreign
    }
}
