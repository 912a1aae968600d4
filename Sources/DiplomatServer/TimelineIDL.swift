/// The Varlink description of `org.diplomatd.Timeline`, served by `GetInterfaceDescription`.
/// Keep it in step with `TimelineInterface`; a test parses it with the Python varlink package.
public enum TimelineIDL {
    public static let text = """
        # The timeline of diplomatic meetings kept by diplomatd: what has happened and what is
        # scheduled, expected, possible, proposed or cancelled, with where it was read.
        interface org.diplomatd.Timeline

        type Participant (name: string, role: ?string, country: ?string)

        type Location (name: string, country: ?string)

        # A sentence of a document that mentions the event; offsets are Unicode code points,
        # end exclusive.
        type Source (document: string, quote: string, start: int, end: int)

        type Relation (type: (onMarginsOf, after, before), event: string)

        # When an event happens, as well as it is known: a TIMEX3 value (null when undated),
        # its precision and modifier, and the window [earliest, latest] in the event's time zone.
        type When (
          value: ?string,
          precision: (minute, day, week, month, season, quarter, year, decade, unknown),
          mod: ?(START, MID, END, APPROX, BEFORE, AFTER),
          earliest: ?string,
          latest: ?string,
          timeZone: string,
          text: ?string
        )

        type Event (
          id: string,
          title: string,
          kind: (talks, meeting, summit, call, visit, inauguration, statement, other),
          status: (occurred, scheduled, expected, possible, proposed, cancelled),
          effectiveStatus: ?(occurred, scheduled, expected, possible, proposed, cancelled, lapsed),
          when: When,
          participants: []Participant,
          countries: []string,
          location: ?Location,
          sources: []Source,
          relations: []Relation,
          remind: ?[]string
        )

        # What a client sends to add an event; the id is generated when absent, and the
        # window is computed from when.value when earliest and latest are absent.
        type NewEvent (
          id: ?string,
          title: string,
          kind: ?(talks, meeting, summit, call, visit, inauguration, statement, other),
          status: (occurred, scheduled, expected, possible, proposed, cancelled),
          when: ?When,
          participants: ?[]Participant,
          countries: ?[]string,
          location: ?Location,
          sources: ?[]Source,
          relations: ?[]Relation,
          remind: ?[]string
        )

        type FieldChange (field: string, from: ?string, to: ?string)

        # One entry of an event's append-only history.
        type Revision (seq: int, event: string, at: string, actor: string, action: string, changes: []FieldChange)

        type Clock (now: string, mode: (live, replay), speed: float)

        # A reminder: lead times before dated events ("before", with its offset), the opening and
        # closing of imprecise windows, and a dated event passing unconfirmed ("lapsed").
        type Reminder (
          id: string,
          event: string,
          kind: (before, windowOpens, windowCloses, lapsed),
          offset: ?string,
          due: string,
          state: (pending, fired, missed, withdrawn, acknowledged),
          firedAt: ?string,
          late: bool,
          acknowledged: bool
        )

        type ReminderWithEvent (reminder: Reminder, title: string, when: string)

        # Events that may still happen and whose window has not closed at `now` (default: the
        # daemon's clock), soonest first; undated ones last unless `within` (an ISO 8601
        # duration such as P7D) is given. Filters: any of the countries, any of the people
        # (part of a name), any of the effective statuses.
        method Upcoming(
          now: ?string,
          within: ?string,
          limit: ?int,
          countries: ?[]string,
          people: ?[]string,
          statuses: ?[]string
        ) -> (now: string, events: []Event)

        # Events whose window overlaps [from, to] (dates or ISO 8601 times), in time order;
        # without bounds, the whole timeline with undated events last.
        method Timeline(
          from: ?string,
          to: ?string,
          timeZone: ?string,
          limit: ?int,
          countries: ?[]string,
          people: ?[]string,
          statuses: ?[]string
        ) -> (now: string, events: []Event)

        # One event with its revision history.
        method Get(id: string) -> (event: Event, revisions: []Revision)

        # The daemon's state.
        method Status() -> (
          version: string,
          uptimeSeconds: float,
          events: int,
          documents: int,
          watchers: int,
          pendingReminders: int,
          nextReminder: ?Reminder,
          clock: Clock,
          database: string,
          socket: string
        )

        # Adds an event; replies once it is durably stored.
        method Add(event: NewEvent) -> (event: Event, revision: Revision)

        # A news article to read into the timeline: its text, publication date (YYYY-MM-DD or
        # YYYY-MM-DDTHH:MM, the reference for "on Thursday"), the IANA zone it was written in,
        # and who published it. `name` only labels it in replies and errors.
        type Article (name: ?string, text: string, published: string, timeZone: ?string, source: ?string)

        # What ingesting one article did: "added" (with the events it created and updated) or
        # "unchanged" (the daemon already had this text).
        type IngestOutcome (id: string, name: ?string, outcome: (added, unchanged), added: []string, updated: []string)

        # Reads articles into the timeline: meetings are extracted and merged with the ones
        # already known (a later article updates status, date and place, and adds a source).
        # Every article is checked first; a bad one refuses the call and nothing is stored.
        method Ingest(documents: []Article) -> (documents: []IngestOutcome)

        # Changes the status of an event (status cancelled cancels it); replies once durable.
        method SetStatus(
          id: string,
          status: (occurred, scheduled, expected, possible, proposed, cancelled),
          reason: ?string
        ) -> (event: Event, revision: Revision)

        # A stream of timeline changes and reminders; call with "more". The first reply has type
        # "watching", then one per change ("added", "changed", "ingested") or fired reminder
        # ("reminder"); "missed" tells a watcher that fell behind how many it lost; the last
        # reply has type "shutdown".
        method Watch() -> (
          type: string,
          now: ?string,
          event: ?Event,
          revision: ?Revision,
          reminder: ?Reminder,
          missed: ?int
        )

        # Pending reminders (soonest first, with their count) and recently fired ones.
        method Reminders(limit: ?int) -> (now: string, pending: int, next: []ReminderWithEvent, recent: []ReminderWithEvent)

        # Acknowledges a reminder: it is not announced again (a pending one will not fire). With
        # snooze (an ISO 8601 duration), the event's other reminders due before now + snooze
        # are moved to then.
        method Acknowledge(id: string, snooze: ?string) -> (reminder: Reminder, snoozed: int)

        # Sets an event's own reminder lead times (ISO 8601 durations); null returns it to the
        # policy for its status.
        method SetReminders(id: string, leads: ?[]string) -> (event: Event, revision: Revision)

        error NoSuchEvent (id: string)

        error EventExists (id: string)

        error NoSuchReminder (id: string)

        error StorageFailure (reason: string)

        """
}
