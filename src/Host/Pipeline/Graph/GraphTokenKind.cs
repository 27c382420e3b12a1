namespace PluggableDmaBuf.Host.Pipeline.Graph;

/// <summary>What the lexer read: the words of the description language.</summary>
internal enum GraphTokenKind
{
    /// <summary><c>device:stage</c>.</summary>
    Element,

    /// <summary><c>label.</c>.</summary>
    Reference,

    /// <summary><c>key=value</c>, the value unquoted.</summary>
    Property,

    /// <summary><c>!</c>.</summary>
    Link,

    /// <summary>A character no word starts with; the parser says what it expected there.</summary>
    Unexpected,

    End,
}
