/// A filter of the officer's enterprise list, as the store runs it (`NodeStore.enterpriseCount`,
/// `enterprisePage`): plain values, already folded where the list matches on folded text.
public struct EnterpriseFilter: Sendable, Equatable {
    /// The folded search text (`VietnameseText.folded`); empty: no search. It matches a substring
    /// of the folded name or address, or, with `digits`, of the tax code. No character in it is a
    /// wildcard.
    public var needle = ""
    /// The digits of the search text; empty: the tax code is not searched.
    public var digits = ""
    /// The folded ward (`VietnameseText.folded`); nil: any ward.
    public var foldedWard: String?
    /// Raw values of the `sector`, `size_class` and `status` columns; nil: any.
    public var sector: String?
    public var sizeClass: String?
    public var status: String?
    /// Only enterprises with a survey answer for this year (or, with `notSurveyed`, without one).
    public var surveyYear: Int?
    public var notSurveyed = false

    public init() {}
}
