/// serde's external tagging of enums that mix unit and data variants: `"Website"`,
/// `{"CloudService":{…}}`, `{"Custom":"text"}`.
enum JSONVariants {
    /// The variant's name and, for a data variant, its value.
    /// - Throws: `.invalidField` at `path` for anything but a string or a one-member object.
    static func read(_ node: JSONNode, at path: String) throws(CommandDecodingError) -> (name: String, value: JSONNode?) {
        if node.isString { return (node.decodedString(), nil) }
        guard node.kind == .object else { throw .invalid(path, "expected a variant name or an object with one tag, found \(node.kindName)") }
        let (tag, value) = try node.tagged(at: path)
        return (tag, value)
    }

    static func unknown(_ name: String, at path: String, expected names: [String]) -> CommandDecodingError {
        .invalid(path, "unknown variant \(name); expected one of \(names.joined(separator: ", "))")
    }

    /// A unit variant written with a value, or a data variant written without one.
    static func misshapen(_ name: String, at path: String, unit: Bool) -> CommandDecodingError {
        .invalid(path, unit ? "variant \(name) takes no value; write it as \"\(name)\"" : "variant \(name) needs a value: {\"\(name)\": …}")
    }
}
