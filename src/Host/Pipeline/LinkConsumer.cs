using System.Threading.Channels;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>A consumer of a link: the stage and the queue of (slot, frame) the producer publishes to it.</summary>
internal sealed class LinkConsumer(PipelineStage stage, bool late)
{
    public PipelineStage Stage { get; } = stage;

    /// <summary>Whether the consumer joins during the run (the hot-plug preview) rather than from the first frame.</summary>
    public bool Late { get; } = late;

    /// <summary>Set by the producer once a late consumer is attached to every buffer of the link.</summary>
    public volatile bool Active = !late;

    public Channel<(int Slot, int Frame)> Ready { get; } =
        Channel.CreateUnbounded<(int, int)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
}
