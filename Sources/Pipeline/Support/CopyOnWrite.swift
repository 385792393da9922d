/// A value kept in one shared box and copied only when written while shared.
///
/// For values with many references (strings, arrays, closures) that are handed around often: a
/// copy of the wrapper costs one reference count instead of one for every reference inside.
struct CopyOnWrite<Value> {
    final class Box {
        var value: Value

        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }
}

// The box is shared only between copies of the wrapper, and written only when unshared.
extension CopyOnWrite: @unchecked Sendable where Value: Sendable {}
