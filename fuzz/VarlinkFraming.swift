import Foundation
import Varlink

/// libFuzzer entry: the bytes a peer might send, split into NUL-framed messages, each parsed as
/// a Varlink call and its parameters decoded, as the daemon does before dispatching.
struct Parameters: Decodable {
    var id: String?
    var within: String?
    var limit: Int?
    var event: JSONValue?
    var documents: [JSONValue]?
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzVarlinkFraming(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var decoder = NULFrameDecoder(maxMessageSize: 1 << 16)
    // Feed in two pieces, as a socket might deliver them.
    let bytes = UnsafeBufferPointer(start: data, count: size)
    let cut = size / 3
    decoder.feed(bytes[0..<cut])
    var frames: [[UInt8]] = []
    while let f = try? decoder.next() { frames.append(f) }
    decoder.feed(bytes[cut...])
    while let f = try? decoder.next() { frames.append(f) }
    for frame in frames {
        guard let call = try? VarlinkCall(message: Data(frame)) else { continue }
        _ = call.interface
        _ = call.member
        _ = try? call.parameters(Parameters.self)
        _ = try? call.parameters([String: JSONValue].self)
    }
    return 0
}
