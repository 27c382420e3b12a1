using PluggableDmaBuf.Core.Memory;
using PluggableDmaBuf.Core.Storage;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>
/// A migration under way (<see cref="DmaBufBacking"/>): the new placement, decided and allocated under
/// the buffer's lock, and the new storage, created and filled outside it, until it is published or
/// abandoned.
/// </summary>
internal sealed class BackingMove(NegotiatedPlacement placement, PhysicalPlacement physical)
{
    public NegotiatedPlacement Placement { get; } = placement;

    public PhysicalPlacement Physical { get; } = physical;

    public BufferStorage? Storage { get; set; }
}
