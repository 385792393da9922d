/// The Person aggregate's state: a pure value folded from `PersonEvent`s.
public struct Person: Aggregate, Hashable {
    public typealias Command = Issued<PersonCommand>
    public typealias Event = PersonEvent
    public typealias Failure = PersonError

    public internal(set) var id: PersonID?
    public internal(set) var version = 0
    public internal(set) var status = PersonStatus.notCreated
    public internal(set) var name: PersonName?
    public internal(set) var source: String?
    public internal(set) var birthDate: CalendarDate?
    public internal(set) var dateOfDeath: CalendarDate?
    /// Every attribute ever recorded, in order; invalidated ones keep a `valid_until`.
    public internal(set) var attributes: [PersonAttribute] = []
    public internal(set) var createdAt: Timestamp?
    public internal(set) var updatedAt: Timestamp?

    public init() {}

    public static func target(of command: Command) -> PersonID { command.body.personID }

    /// The current (not invalidated) attributes of `type`.
    public func currentAttributes(of type: AttributeType) -> [PersonAttribute] {
        attributes.filter { $0.attributeType == type && $0.isCurrent }
    }
}
