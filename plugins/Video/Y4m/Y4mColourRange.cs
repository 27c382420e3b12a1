namespace PluggableDmaBuf.Plugins.Video.Y4m;

/// <summary>The quantisation range a Y4M stream declares with <c>XCOLORRANGE=</c>.</summary>
internal enum Y4mColourRange
{
    /// <summary>No <c>XCOLORRANGE</c> tag: the consumer's default applies (limited range, as for video).</summary>
    Unspecified,

    /// <summary><c>XCOLORRANGE=LIMITED</c>: Y in 16..235, chroma in 16..240.</summary>
    Limited,

    /// <summary><c>XCOLORRANGE=FULL</c>: every component in 0..255.</summary>
    Full,
}
