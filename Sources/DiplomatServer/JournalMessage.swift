/// The fixed `MESSAGE_ID`s of diplomatd's journal entries, so operators and programs can find
/// them (`journalctl MESSAGE_ID=…`) and `journalctl -x` can explain them from
/// deploy/diplomatd.catalog. Never change an id once released; add new ones.
public enum JournalMessage {
    /// The daemon is ready: store open, seeds loaded, socket accepting.
    public static let started = "f0bba23ca9f140a1b5f4f72343290642"
    /// The daemon stopped gracefully.
    public static let stopped = "10f13e3340a648a6a1cb7730c6a410ce"
    /// A reload (SIGHUP) applied the configuration and picked up new documents.
    public static let reloaded = "b9b4b937068a45919b210478306fa100"
    /// A reload was refused; the previous configuration stays in force.
    public static let reloadFailed = "14e49f656fb04a23a4a4b32eac96cea7"
    /// An event was added to the timeline.
    public static let eventAdded = "c34a30cb078d471db122060ddb38c4b6"
    /// An event changed (status, date, place…).
    public static let eventChanged = "4dd44cbfaa714d04a4e092e98cbaace7"
    /// A document was ingested into the timeline.
    public static let documentIngested = "ae847cca4a4d409899cf5f49e56c0eea"
    /// A caller was refused a change to the timeline.
    public static let permissionDenied = "a8611867a7d4425ba18c8d9060e2488e"
    /// A reminder fired.
    public static let reminderFired = "0c427f6255b5444aa1538c0ed14ef8a6"
    /// A window closed with nothing confirmed: the event is now lapsed.
    public static let windowLapsed = "c9ff42f253d14835bd6c202216032194"
    /// Reminders that fell due beyond the catch-up horizon while the daemon was down, summarised.
    public static let remindersMissed = "01a3518d2832464fb5cd4f9c539ce909"
}
