namespace PluggableDmaBuf;

/// <summary>How the run report prints a <see cref="StageValue"/>.</summary>
public enum StageValueFormat
{
    /// <summary>A decimal integer.</summary>
    Decimal,

    /// <summary>Eight lower-case hex digits (a 32-bit checksum such as a CRC-32).</summary>
    Hex32,
}
