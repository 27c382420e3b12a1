namespace PluggableDmaBuf;

/// <summary>
/// The negotiation engine (its merge rules: <see href="https://github.com/PluggableDmaBuf/PluggableDmaBuf/blob/main/docs/negotiate.md"/>): merges the constraints of a set of
/// devices into one placement, or says exactly why they cannot share a buffer. The host registers
/// the framework's implementation; a central allocator plugin resolves it from the service provider
/// instead of writing merge rules of its own, so the rules live in one place.
/// </summary>
/// <remarks>Implementations are stateless and thread safe.</remarks>
public interface INegotiator
{
    /// <summary>Negotiates a placement.</summary>
    /// <param name="request">What to place. Its exporter, when named, must be among <paramref name="participants"/>.</param>
    /// <param name="participants">Every device that will touch the buffer, the exporter included.</param>
    /// <param name="heaps">The heaps to choose from.</param>
    /// <param name="largestFree">Room left in a heap (the largest block it can still hand out); <c>null</c> takes each heap's full size, as a dry run does.</param>
    /// <returns>The placement or the conflict.</returns>
    /// <exception cref="InvalidConstraintException">The inputs are inconsistent: no participant, an exporter that is not a participant, a device naming an unknown heap.</exception>
    NegotiationResult Negotiate(BufferRequest request, IReadOnlyList<DeviceDescription> participants,
        IReadOnlyList<HeapDescription> heaps, Func<HeapDescription, long>? largestFree = null);
}
