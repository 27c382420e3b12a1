using System.Buffers;

namespace PluggableDmaBuf.Core.Storage;

/// <summary>
/// Exposes storage bytes as <see cref="Memory{T}"/>. With a <paramref name="guard"/>, every access
/// to the span (and every pin) first asks the guard whether the view is still valid, which is how
/// strict mode makes a CPU view used after its access ended fail instead of reading stale bytes.
/// </summary>
internal sealed unsafe class StorageMemoryManager(byte* pointer, int length, Action? guard) : MemoryManager<byte>
{
    public override Span<byte> GetSpan()
    {
        guard?.Invoke();
        return new Span<byte>(pointer, length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        guard?.Invoke();
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, length);
        return new MemoryHandle(pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
