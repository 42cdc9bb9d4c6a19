import ArgumentParser
import CityHub
import DistrictNode
import DistrictSyncCore
import DistrictSyncCrypto
import DistrictSyncStore
import Foundation
import SQLiteDB

/// The one place that turns any error into what the user sees and an exit status.
///
/// Bad input exits 64 (`ExitCode.validationFailure`); a rejected changeset or failed check exits
/// with the code the command chose; anything unexpected exits 1. Messages never carry key material.
func runReportingErrors(_ lang: Language = .vi, json: Bool = false, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let exit as ExitCode {
        throw exit
    } catch {
        let (code, message) = describe(error)
        if json {
            let payload = ["error": ["code": code, "message": message]]
            if let data = try? JSONSerialization.data(withJSONObject: payload, options: [.sortedKeys]) {
                emitError(String(decoding: data, as: UTF8.self))
            }
        } else {
            emitError(say(lang, "lỗi", "error") + " [\(TerminalText.escape(code))]: " + TerminalText.escape(message))
        }
        throw ExitCode.validationFailure
    }
}

/// A stable code and a human message for any error this program raises.
func describe(_ error: any Error) -> (code: String, message: String) {
    switch error {
    case let e as NodeError: return (e.code, e.message)
    case let e as CoreError: return (e.code, e.message)
    case let e as StoreError: return (e.code, e.message)

    case let e as CryptoError: return (e.code.rawValue, e.reason)
    case let e as HubError: return (e.code, e.message)
    case let e as CryptoError: return (e.code.rawValue, e.reason)
    case let e as MigrationError: return ("database_too_new", "\(e)")
    case let e as SQLiteError:
        if e.isBusy { return ("database_locked", "the database is locked by another process; wait for it and retry") }
        if e.isCorrupt {
            return ("database_corrupt", "the database file is damaged (\(e.message)); restore it from a backup")
        }
        return ("database_error", "database error: \(e.message)")
    default: return ("error", "\(error)")
    }
}
