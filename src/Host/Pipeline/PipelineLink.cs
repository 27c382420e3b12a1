using System.Threading.Channels;

namespace PluggableDmaBuf.Host.Pipeline;

/// <summary>
/// A link: a small pool of shared buffers passed from one producer to its consumers. A slot goes
/// back to the free list as soon as every consumer has fenced its read; the producer then waits on
/// the slot's reservation (implicit sync) before writing it again.
/// </summary>
internal sealed class PipelineLink(PipelineStage producer, IReadOnlyList<LinkConsumer> consumers, LinkSlot[] slots)
{
    public PipelineStage Producer { get; } = producer;

    public IReadOnlyList<LinkConsumer> Consumers { get; } = consumers;

    public LinkSlot[] Slots { get; } = slots;

    public Channel<int> Free { get; } = Channel.CreateUnbounded<int>();

    public string Name => $"{Producer.Id}→{string.Join("+", Consumers.Where(c => !c.Late).Select(c => c.Stage.Id))}";
}
