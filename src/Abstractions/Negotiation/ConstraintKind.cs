namespace PluggableDmaBuf;

/// <summary>Which constraint a <see cref="NegotiationConflict"/> could not meet. The JSON spelling is the lower-case name.</summary>
public enum ConstraintKind
{
    /// <summary>No format is listed by every participant.</summary>
    Format,

    /// <summary>Formats are shared, but no modifier is common for any of them.</summary>
    Modifier,

    /// <summary>No heap is reachable by every participant, or heaps fail for mixed reasons.</summary>
    Heap,

    /// <summary>Every reachable heap breaks a segment limit.</summary>
    Segments,

    /// <summary>Every reachable heap lies beyond an address limit.</summary>
    Address,

    /// <summary>Every heap that suits the participants is too small.</summary>
    Size,

    /// <summary>
    /// A device attaching to a buffer whose layout is already fixed cannot use it: a plane's pitch
    /// or offset breaks its alignment, or it does not take the buffer's format or modifier. Only a
    /// late attach reports it; negotiation itself never does (it chooses the layout).
    /// </summary>
    Layout,
}
