import DiplomatCore
import DiplomatExtract
import Foundation

/// libFuzzer entry: every way a date or a duration typed on the command line or sent over the
/// socket is read, and written back the way diplomatctl shows it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDateParsing(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let d = DurationText.parse(text) { _ = DurationText.iso(seconds: d) }
    if let t = ISO8601.parse(text) { _ = ISO8601.format(t, in: TimeZone(identifier: "Asia/Seoul")!) }
    _ = ISO8601.parse(text, defaultZone: TimeZone(identifier: "UTC"))
    _ = NewsDocument.parsePublished(text)
    _ = ReminderPolicy.leads(from: text)
    let parts = text.split(separator: "|", maxSplits: 2).map(String.init)
    let mod = parts.count > 1 ? TimeMod(rawValue: parts[1]) : nil
    _ = try? When.resolve(value: parts.first, mod: mod, timeZone: TimeZone(identifier: parts.count > 2 ? parts[2] : "UTC") ?? .gmt, text: text)
    return 0
}
