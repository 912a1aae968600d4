import DiplomatCore
import DiplomatExtract
import Foundation

/// libFuzzer entry: any text as a news article. The extractor must return (events or none)
/// without crashing; libFuzzer's -timeout bounds the time per document.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExtractor(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let doc = try? NewsDocument.make(text: text, name: "fuzz", published: "2021-04-01", timeZone: "Asia/Seoul") else { return 0 }
    _ = MeetingExtractor().extract(doc)
    return 0
}
