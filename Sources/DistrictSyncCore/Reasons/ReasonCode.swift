/// The one catalogue of reason codes (docs/errors.md is generated from it by `dsync dev errors-doc`,
/// and a test fails when they differ). Every code an error, a rejection or a report can carry is a
/// case here; the raw values are a contract (JSON, `hub import --json`, the HTTP API, scripts) and
/// are never renamed or dropped.
public enum ReasonCode: String, CaseIterable, Sendable, Hashable {
    case logStale = "log_stale"
    case hubCheckFailed = "hub_check_failed"
    case transfer = "transfer"
    case wrongOwner = "wrong_owner"
    case unknownEnterprise = "unknown_enterprise"
    case signingTimeImplausible = "signing_time_implausible"
    case outOfRange = "out_of_range"
    case unitsDropped = "units_dropped"
    case uiNotLoopback = "ui_not_loopback"
    case xlsxInvalid = "xlsx_invalid"
    case xlsxTooLarge = "xlsx_too_large"
    case xlsxSheetMissing = "xlsx_sheet_missing"
    case unknownUpload = "unknown_upload"
    case draftTooLarge = "draft_too_large"
    case tooManyDrafts = "too_many_drafts"
    case unknownDraft = "unknown_draft"
    case periodOutsideUnit = "period_outside_unit"
    case duplicateOfficer = "duplicate_officer"
    case confirmNeeded = "confirm_needed"
    case cannotReopen = "cannot_reopen"
    case cannotResign = "cannot_resign"
    case badUnitListFile = "bad_unit_list_file"
    case badOfficerRule = "bad_officer_rule"
    case keyPermissions = "key_permissions"
    case databaseExists = "database_exists"
    case crlFromFuture = "crl_from_future"
    case badPassphraseFile = "bad_passphrase_file"
    case badCheckpoint = "bad_checkpoint"
    case badEvidence = "bad_evidence"
    case logInconsistent = "log_inconsistent"
    case badCosignature = "bad_cosignature"
    case unknownCheckpointSize = "unknown_checkpoint_size"
    case tooFewWitnesses = "too_few_witnesses"
    case alreadyBound = "already_bound"
    case ambiguousOfficer = "ambiguous_officer"
    case asOfNeedsReplay = "as_of_needs_replay"
    case badCertificateFile = "bad_certificate_file"
    case badChainHead = "bad_chain_head"
    case badColumn = "bad_column"
    case badConfig = "bad_config"
    case badCount = "bad_count"
    case badCrl = "bad_crl"
    case badDate = "bad_date"
    case badDistrictList = "bad_district_list"
    case badHubReply = "bad_hub_reply"
    case badHubUrl = "bad_hub_url"
    case badKeyFile = "bad_key_file"
    case badKeyType = "bad_key_type"
    case badListen = "bad_listen"
    case badMagic = "bad_magic"
    case badOption = "bad_option"
    case badPayload = "bad_payload"
    case badPlan = "bad_plan"
    case badQuarter = "bad_quarter"
    case badReceipt = "bad_receipt"
    case badSettings = "bad_settings"
    case badSignature = "bad_signature"
    case badSizeRules = "bad_size_rules"
    case badYears = "bad_years"
    case businessExists = "business_exists"
    case cannotUnapply = "cannot_unapply"
    case certExpired = "cert_expired"
    case certNotYetValid = "cert_not_yet_valid"
    case certRevoked = "cert_revoked"
    case chainBroken = "chain_broken"
    case chainInvalid = "chain_invalid"
    case chainStarted = "chain_started"
    case clockAhead = "clock_ahead"
    case clockDrift = "clock_drift"
    case commitMismatch = "commit_mismatch"
    case corruptChangeLog = "corrupt_change_log"
    case corruptOutbox = "corrupt_outbox"
    case corruptRecord = "corrupt_record"
    case crlInvalid = "crl_invalid"
    case crlMissing = "crl_missing"
    case crlOlder = "crl_older"
    case crlStale = "crl_stale"
    case crlUntrusted = "crl_untrusted"
    case csvBadQuote = "csv_bad_quote"
    case csvEmpty = "csv_empty"
    case csvHeader = "csv_header"
    case csvMissingColumns = "csv_missing_columns"
    case csvUnterminatedQuote = "csv_unterminated_quote"
    case databaseCorrupt = "database_corrupt"
    case databaseError = "database_error"
    case databaseLocked = "database_locked"
    case databaseTooNew = "database_too_new"
    case districtMismatch = "district_mismatch"
    case districtNotValid = "district_not_valid"
    case districtNotValidOnDate = "district_not_valid_on_date"
    case districtUnbound = "district_unbound"
    case `error` = "error"
    case fileNotFound = "file_not_found"
    case fileTooLarge = "file_too_large"
    case foreignRecord = "foreign_record"
    case fork = "fork"
    case forkRejected = "fork_rejected"
    case gap = "gap"
    case headerMismatch = "header_mismatch"
    case homeExists = "home_exists"
    case homeLocked = "home_locked"
    case homeNotEmpty = "home_not_empty"
    case hubBusy = "hub_busy"
    case hubDbCorrupt = "hub_db_corrupt"
    case hubDiskFull = "hub_disk_full"
    case hubUnavailable = "hub_unavailable"
    case hubUnreachable = "hub_unreachable"
    case hubUntrusted = "hub_untrusted"
    case insecureNotLoopback = "insecure_not_loopback"
    case internalError = "internal_error"
    case interrupted = "interrupted"
    case invalidBusiness = "invalid_business"
    case invalidSurvey = "invalid_survey"
    case ioError = "io_error"
    case keyCertMismatch = "key_cert_mismatch"
    case legacyTargetsFile = "legacy_targets_file"
    case lockFailed = "lock_failed"
    case malformedCms = "malformed_cms"
    case missingSignedAttributes = "missing_signed_attributes"
    case mtlsNeedsTls = "mtls_needs_tls"
    case multipleSigners = "multiple_signers"
    case noCa = "no_ca"
    case noCrl = "no_crl"
    case noData = "no_data"
    case noDataAsOf = "no_data_as_of"
    case noDistricts = "no_districts"
    case noDistrictsOnDate = "no_districts_on_date"
    case noHome = "no_home"
    case noHub = "no_hub"
    case noHubKey = "no_hub_key"
    case noPlanForYear = "no_plan_for_year"
    case noSigner = "no_signer"
    case noSignerCert = "no_signer_cert"
    case noSizeRule = "no_size_rule"
    case noSuchFile = "no_such_file"
    case noSurveyData = "no_survey_data"
    case noTls = "no_tls"
    case noTrustAnchor = "no_trust_anchor"
    case noValidCertificate = "no_valid_certificate"
    case notANodeHome = "not_a_node_home"
    case notAtHub = "not_at_hub"
    case notHubSigner = "not_hub_signer"
    case notNfc = "not_nfc"
    case notQuarantined = "not_quarantined"
    case notRegularFile = "not_regular_file"
    case officerDecision = "officer_decision"
    case officerEndBeforeStart = "officer_end_before_start"
    case officerId = "officer_id"
    case officerName = "officer_name"
    case planOverlap = "plan_overlap"
    case receiptMismatch = "receipt_mismatch"
    case `replay` = "replay"
    case reportFailed = "report_failed"
    case requestTimeout = "request_timeout"
    case schemaMismatch = "schema_mismatch"
    case schemaNoPrimaryKey = "schema_no_primary_key"
    case seqGapTooLarge = "seq_gap_too_large"
    case seqMismatch = "seq_mismatch"
    case severalNodes = "several_nodes"
    case signerIsCa = "signer_is_ca"
    case signingTimeInFuture = "signing_time_in_future"
    case storeCorrupt = "store_corrupt"
    case storeMissing = "store_missing"
    case targetExists = "target_exists"
    case taxCodeBranch = "tax_code_branch"
    case taxCodeCheckDigit = "tax_code_check_digit"
    case taxCodeFormat = "tax_code_format"
    case taxCodeLength = "tax_code_length"
    case taxCodeNotDigits = "tax_code_not_digits"
    case taxCodeZeroBody = "tax_code_zero_body"
    case tooLarge = "too_large"
    case trailingBytes = "trailing_bytes"
    case trainingCourse = "training_course"
    case truncated = "truncated"
    case unknownBusiness = "unknown_business"
    case unknownCa = "unknown_ca"
    case unknownChangeset = "unknown_changeset"
    case unknownDistrict = "unknown_district"
    case unknownFormatVersion = "unknown_format_version"
    case unknownImportKind = "unknown_import_kind"
    case unknownNode = "unknown_node"
    case unknownOfficer = "unknown_officer"
    case unknownPlan = "unknown_plan"
    case unknownReceipt = "unknown_receipt"
    case unknownTable = "unknown_table"
    case unknownTarget = "unknown_target"
    case unknownValue = "unknown_value"
    case unsupportedAlgorithm = "unsupported_algorithm"
    case unsupportedPssParameters = "unsupported_pss_parameters"
    case weakPassphrase = "weak_passphrase"
    case wrongCity = "wrong_city"
    case wrongDistrict = "wrong_district"
    case wrongKeyUsage = "wrong_key_usage"
    case wrongNode = "wrong_node"
    case wrongPassphrase = "wrong_passphrase"
    // Backup and restore (issue 17 item 2).
    case backupExists = "backup_exists"
    case backupDamaged = "backup_damaged"
    case badBackupFile = "bad_backup_file"
    case restoreTargetNotEmpty = "restore_target_not_empty"
    case notAHome = "not_a_home"
    case symlinkInHome = "symlink_in_home"
}

/// Whose fault a reason is, which decides what the user is told to do and the HTTP status.
public enum ReasonFault: String, Sendable, Hashable, CaseIterable {
    /// The changeset or request is bad: fix it where it was made (HTTP 4xx, never retried as is).
    case sender
    /// A changeset waits or conflicts with what the hub holds (held, fork).
    case conflict
    /// The command, option or file the user gave is wrong (CLI exit 64, HTTP 400/404).
    case user
    /// The hub's own trouble, never the sender's: retry later or the operator acts (HTTP 503/500).
    case hub
    /// Seen by a node: the hub is unreachable or answered something it must refuse.
    case peer
    /// This machine's own files or state (a damaged database, a locked home).
    case local
    /// Not an error: the audit log's reason for an operator's action (a transfer).
    case audit
}

extension ReasonCode {
    /// Codes no longer raised, kept because codes are a contract (scripts and audit logs hold them):
    /// `tax_code_format` cannot occur since tax codes are compacted before the check (issue 14).
    public static let retired: Set<ReasonCode> = [.taxCodeFormat]

    /// Whose fault it is.
    public var fault: ReasonFault { entry.fault }
    /// What the code means, in one sentence.
    public var meaning: String { entry.meaning }
    /// What the user should do about it.
    public var action: String { entry.action }

    /// The HTTP status a hub answers with for this reason, decided here and nowhere else: hub
    /// faults are 503 (retry) or 500, never 4xx; a sender's bad changeset 422 (413 too large, 408
    /// too slow); a held changeset 202 and a fork 409.
    public var httpStatus: Int {
        switch self {
        case .tooLarge: 413
        case .requestTimeout: 408
        case .gap: 202
        case .fork: 409
        case .hubBusy, .hubDiskFull, .crlStale, .crlMissing: 503
        case .unknownReceipt, .unknownNode, .noCrl: 404
        default:
            switch fault {
            case .sender: 422
            case .conflict: 409
            case .user: 400
            case .hub, .peer, .local: 500
            case .audit: 200
            }
        }
    }
}
