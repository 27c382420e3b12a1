using PluggableDmaBuf.Core.Accounting;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// The hot-plug preview (design §7): at frame N the producer of the first link, between two of its
/// frames, attaches the late consumer's device to every buffer of the link. The core then either
/// finds the placement reachable (0 bytes copied), migrates the buffer once no mapping is active
/// (bytes counted), or refuses with the conflict; a refusal leaves the run going without the preview.
/// </summary>
internal sealed class PreviewState(int? at)
{
    private string? _refusal;
    private bool _attached;

    public void Attach(PipelineLink link)
    {
        var consumer = link.Consumers.FirstOrDefault(c => c.Late);
        if (consumer is null)
        {
            return;
        }

        var made = new List<(LinkSlot Slot, DmaBufAttachment Attachment)>();
        try
        {
            foreach (var slot in link.Slots)
            {
                made.Add((slot, slot.Buffer.Attach(consumer.Stage.Device)));
            }
        }
        catch (BufferPlacementConflictException e)
        {
            foreach (var (_, attachment) in made)
            {
                attachment.Detach();
            }

            _refusal = e.Message;
            consumer.Ready.Writer.TryComplete();
            return;
        }

        foreach (var (slot, attachment) in made)
        {
            slot.Attachments[consumer.Stage.Id] = attachment;
        }

        _attached = true;
        consumer.Active = true;
    }

    public PreviewOutcome? Outcome(PipelinePlan plan, IReadOnlyList<PipelineLink> links, IReadOnlyList<BufferInfo> buffers)
    {
        if (at is null || plan.Preview is null || links.Count == 0)
        {
            return null;
        }

        var ids = links[0].Slots.Where(s => s is not null).Select(s => s.Buffer.Id).ToHashSet();
        var mine = buffers.Where(b => ids.Contains(b.Id)).ToArray();
        var copied = mine.Sum(b => b.BytesCopied);
        var migrations = mine.Sum(b => b.Migrations);
        var outcome = _refusal is not null ? "refused" : !_attached ? "not reached" : migrations > 0 ? "migrated" : "attached";
        return new PreviewOutcome(at.Value, outcome, _refusal, copied, migrations);
    }
}

/// <summary>What the preview's late attach came to.</summary>
internal sealed record PreviewOutcome(int AtFrame, string Outcome, string? Message, long BytesCopied, long Migrations);
