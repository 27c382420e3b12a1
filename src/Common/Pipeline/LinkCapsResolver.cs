namespace PluggableDmaBuf.Pipeline;

/// <summary>
/// Settles a link's caps before any buffer exists: the first format, in the producer's order, that the
/// producer's output port and every consumer's input port take, with the first modifier (again in the
/// producer's order) that all of them take; formats that need an even width are left out at an odd
/// width. A link with nothing in common is a format conflict naming the link, its stages and what each offers.
/// Linked into the host and the test kit (which may reference nothing but Abstractions), so a stage's
/// links settle the same way in a test as in a run; a link without consumers takes the producer's first.
/// </summary>
internal static class LinkCapsResolver
{
    public static LinkCaps Resolve(string link, PipelineStage producer, IReadOnlyList<PipelineStage> consumers, StreamCaps stream)
    {
        var output = producer.Output!;
        foreach (var support in output.Formats)
        {
            var format = support.Format;
            if (format.RequiresEvenWidth && stream.Width % 2 != 0)
            {
                continue;
            }

            foreach (var modifier in support.Modifiers)
            {
                if (AllTake(consumers, format, modifier))
                {
                    return new LinkCaps(format, modifier, stream);
                }
            }
        }

        throw new BufferPlacementConflictException(new NegotiationConflict(ConstraintKind.Format,
            [producer.Device.Name, .. consumers.Select(c => c.Device.Name)],
            $"link {link}: {producer.Id} produces {output}" +
            string.Concat(consumers.Select(c => $"; {c.Id} takes {c.Input}")) +
            (stream.Width % 2 == 0 ? "" : $"; at the odd width {stream.Width}, only formats that allow an odd width")));
    }

    private static bool AllTake(IReadOnlyList<PipelineStage> consumers, PixelFormat format, string modifier)
    {
        foreach (var consumer in consumers)
        {
            if (!consumer.Input!.ModifiersFor(format).Contains(modifier, StringComparer.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
