namespace PluggableDmaBuf;

/// <summary>
/// One side of a pipeline stage: the formats with modifiers it can produce (output) or consume (input),
/// in its order of preference, and the usages it puts buffers to. The formats are the stage device's
/// declared formats, or a subset the stage narrows them to (a converter that writes only linear
/// layouts); the host intersects a producer's output with its consumers' inputs to settle each link's
/// <see cref="LinkCaps"/> before any buffer exists.
/// </summary>
/// <remarks>Immutable; validated on construction, when the host creates the stage.</remarks>
public sealed class StagePort
{
    /// <summary>Creates a port that takes every format and modifier <paramref name="device"/> declares, or a subset of them.</summary>
    /// <param name="device">The stage's device.</param>
    /// <param name="usage">Usages, for example <c>capture</c> or <c>scanout</c>; at least one.</param>
    /// <param name="formats">
    /// Optional: the formats with modifiers the stage limits itself to, most preferred first; each must be
    /// declared by <paramref name="device"/> with the modifiers listed. <c>null</c> takes the device's list.
    /// </param>
    /// <exception cref="InvalidConstraintException">A format or modifier the device does not declare, a duplicate, or no usage or format at all.</exception>
    public StagePort(DeviceDescription device, IReadOnlyList<string> usage, IReadOnlyList<FormatSupport>? formats = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(usage);
        if (usage.Count == 0)
        {
            throw new InvalidConstraintException("usage", $"a port of {device.Name} must name at least one usage");
        }

        var declared = device.Formats;
        if (formats is null)
        {
            Formats = declared ?? throw new InvalidConstraintException("formats", $"{device.Name} declares no formats, so a port must list its own");
        }
        else
        {
            if (formats.Count == 0)
            {
                throw new InvalidConstraintException("formats", $"a port of {device.Name} must list at least one format");
            }

            var seen = new HashSet<PixelFormat>();
            for (var i = 0; i < formats.Count; i++)
            {
                var format = formats[i] ?? throw new ArgumentNullException(nameof(formats));
                if (!seen.Add(format.Format))
                {
                    throw new InvalidConstraintException($"formats[{i}]", $"{format.Format} is listed twice");
                }

                foreach (var modifier in format.Modifiers)
                {
                    if (declared is not null && !device.Accepts(format.Format, modifier))
                    {
                        throw new InvalidConstraintException($"formats[{i}]",
                            $"{device.Name} does not declare {format.Format} with modifier {modifier}");
                    }
                }
            }

            Formats = [.. formats];
        }

        Usage = [.. usage];
    }

    /// <summary>Formats with their modifiers, most preferred first; never empty.</summary>
    public IReadOnlyList<FormatSupport> Formats { get; }

    /// <summary>Usages; never empty.</summary>
    public IReadOnlyList<string> Usage { get; }

    /// <summary>The modifiers this port takes for <paramref name="format"/>, in preference order; empty when it does not take the format.</summary>
    /// <param name="format">The format.</param>
    public IReadOnlyList<string> ModifiersFor(PixelFormat format)
    {
        foreach (var support in Formats)
        {
            if (support.Format == format)
            {
                return support.Modifiers;
            }
        }

        return [];
    }

    /// <inheritdoc />
    public override string ToString() => string.Join(", ", Formats);
}
