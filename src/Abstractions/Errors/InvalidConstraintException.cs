namespace PluggableDmaBuf;

/// <summary>
/// A value given to one of the constraint types (a device description, a format, a request, a heap)
/// is invalid. <see cref="Property"/> names the offending property the way it is spelled in JSON
/// (camelCase, for example <c>alignment</c> or <c>formats[2].modifiers</c>), so that a caller who
/// read the value from a file can prefix its own path and point at the exact spot.
/// </summary>
public sealed class InvalidConstraintException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="property">The property's name or relative JSON path.</param>
    /// <param name="reason">Why the value is refused, for example <c>3000 is not a power of two</c>.</param>
    public InvalidConstraintException(string property, string reason)
        : base($"{property}: {reason}")
    {
        Property = property;
        Reason = reason;
    }

    /// <summary>The offending property, as a relative JSON path.</summary>
    public string Property { get; }

    /// <summary>Why the value was refused, without the property name.</summary>
    public string Reason { get; }

    /// <summary>Returns the same error with <paramref name="prefix"/> put in front of the property path.</summary>
    /// <param name="prefix">For example <c>devices[1]</c>.</param>
    public InvalidConstraintException WithPrefix(string prefix) =>
        new(string.IsNullOrEmpty(prefix) ? Property : Property.StartsWith('[') ? prefix + Property : prefix + "." + Property, Reason);
}
