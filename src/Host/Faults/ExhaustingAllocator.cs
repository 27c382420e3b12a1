using System.Globalization;

namespace PluggableDmaBuf.Host.Faults;

/// <summary>
/// <c>Faults:HeapExhaustedAt</c>: wraps the run's allocator so that its K-th allocation fails with
/// <see cref="HeapExhaustedException"/>, as a full heap would, after the inner allocator made the
/// buffer (so the message has its real size and heap, when placed) and it was dropped again.
/// </summary>
internal sealed class ExhaustingAllocator(IBufferAllocator inner, int failAt) : IBufferAllocator
{
    private int _allocations;

    public string Kind => inner.Kind;

    public IDmaBuf Allocate(BufferRequest request, string? name = null, DmaBufExporter? exporter = null)
    {
        var buffer = inner.Allocate(request, name, exporter);
        if (Interlocked.Increment(ref _allocations) != failAt)
        {
            return buffer;
        }

        var (size, heap) = (buffer.Size, buffer.Placement?.Heap.Name ?? "(not placed yet)");
        buffer.Put();
        throw new HeapExhaustedException(
            string.Create(CultureInfo.InvariantCulture, $"{heap} (injected fault: Faults:HeapExhaustedAt={failAt}, buffer {name})"), size, 0, 0);
    }

    public void Dispose() => inner.Dispose();
}
