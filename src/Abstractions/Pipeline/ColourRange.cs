namespace PluggableDmaBuf;

/// <summary>The quantisation range of a stream's samples, a typed stream property of <see cref="StreamCaps"/>.</summary>
public enum ColourRange
{
    /// <summary>Not stated by the producer; a consumer that needs one picks its own default (limited for the built-in converter).</summary>
    Unspecified,

    /// <summary>Limited ("TV") range: luma 16–235, chroma 16–240.</summary>
    Limited,

    /// <summary>Full ("PC") range: 0–255.</summary>
    Full,
}
