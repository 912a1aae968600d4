import Foundation
import Varlink
#if canImport(Glibc)
import Glibc
#endif

/// Who may change the timeline: root, the daemon's own user, and members of the admin group.
/// Reading needs only access to the socket (its mode and group decide that).
public struct WriteAuthorization: Sendable, Equatable {
    public var daemonUID: UInt32
    public var adminGroup: String?
    /// The admin group's gid, when the group exists.
    public var adminGID: UInt32?

    public init(daemonUID: UInt32 = getuid(), adminGroup: String?) {
        self.daemonUID = daemonUID
        self.adminGroup = adminGroup
        self.adminGID = adminGroup.flatMap(Self.gid(ofGroup:))
    }

    public static func gid(ofGroup name: String) -> UInt32? {
        var group = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrnam_r(name, &group, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return group.gr_gid
    }

    /// All groups of the user `uid` (primary and supplementary), from the user database.
    static func groups(ofUID uid: UInt32) -> [UInt32] {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getpwuid_r(uid, &pw, &buffer, buffer.count, &result) == 0, result != nil, let name = pw.pw_name else { return [] }
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(name, pw.pw_gid, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(name, pw.pw_gid, &groups, &count) >= 0 else { return [pw.pw_gid] }
        }
        return Array(groups.prefix(Int(count)))
    }

    public func permits(_ peer: VarlinkPeer) -> Bool {
        guard let uid = peer.uid else { return false }
        if uid == 0 || uid == daemonUID { return true }
        guard let admin = adminGID else { return false }
        if peer.gid == admin { return true }
        return Self.groups(ofUID: uid).contains(admin)
    }
}
