namespace PluggableDmaBuf;

/// <summary>The YCbCr colour matrix of a stream, a typed stream property of <see cref="StreamCaps"/>.</summary>
public enum ColourMatrix
{
    /// <summary>Not stated by the producer; a consumer that needs one picks its own default (BT.601 for the built-in converter).</summary>
    Unspecified,

    /// <summary>ITU-R BT.601 (standard definition).</summary>
    Bt601,

    /// <summary>ITU-R BT.709 (high definition).</summary>
    Bt709,
}
