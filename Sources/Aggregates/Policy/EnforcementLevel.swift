/// `enforcement`: how strictly a policy is enforced. The seed's `Mandatory` and `Advisory`, and
/// the reference's `Advisory`, `Soft`, `Hard` and `Critical`, are all accepted.
///
/// For compliance, `Mandatory`, `Hard` and `Critical` are mandatory: a failure without an
/// exemption makes `check_compliance` answer `compliant: false`. `Advisory` and `Soft` only warn:
/// their failures are listed under `warnings`.
public enum EnforcementLevel: String, Hashable, Sendable, CaseIterable {
    /// A recommendation (seed and reference): failures only warn.
    case advisory = "Advisory"
    /// Violations are logged, the action allowed (reference): failures only warn.
    case soft = "Soft"
    /// Must be met (seed): failures make a check non-compliant.
    case mandatory = "Mandatory"
    /// Violations block the action (reference): mandatory.
    case hard = "Hard"
    /// Violations block and alert (reference): mandatory.
    case critical = "Critical"

    /// Whether a failure without an exemption breaks compliance (Mandatory, Hard, Critical).
    public var isMandatory: Bool {
        switch self {
        case .mandatory, .hard, .critical: true
        case .advisory, .soft: false
        }
    }
}
