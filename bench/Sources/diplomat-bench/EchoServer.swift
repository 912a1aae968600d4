import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The physical limit `make bench` compares diplomatd with: a minimal Unix-socket server that
/// frames messages at NUL bytes like Varlink and sends each straight back, one thread per
/// connection, no parsing. `throughput --socket` drives it exactly as it drives diplomatd.
struct EchoServer: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "echo-server", abstract: "Serve NUL-framed echo on a Unix socket until killed.")
    @Option var socket: String

    func run() throws {
        unlink(socket)
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ValidationError("socket: \(String(cString: strerror(errno)))") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let path = Array(socket.utf8)
        guard path.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw ValidationError("socket path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in path.enumerated() { raw[i] = b }
            raw[path.count] = 0
        }
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, listen(fd, 512) == 0 else { throw ValidationError("bind/listen \(socket): \(String(cString: strerror(errno)))") }
        // Tell bench/run.py the socket is ready (unbuffered: stdout is a pipe).
        _ = "ready\n".withCString { write(1, $0, 6) }
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { continue }
            Thread { Self.serve(c) }.start()
        }
    }

    static func serve(_ c: Int32) {
        defer { close(c) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var pending: [UInt8] = []
        while true {
            let n = buffer.withUnsafeMutableBytes { read(c, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            pending.append(contentsOf: buffer[0..<n])
            while let nul = pending.firstIndex(of: 0) {
                var sent = 0
                let end = nul + 1
                while sent < end {
                    let w = pending.withUnsafeBytes { write(c, $0.baseAddress! + sent, end - sent) }
                    if w <= 0 { return }
                    sent += w
                }
                pending.removeSubrange(0..<end)
            }
        }
    }
}
