using System.Buffers;

namespace PluggableDmaBuf.Testing.Buffers;

/// <summary>
/// The strict mode's <see cref="Memory{T}"/>: every use asks whether the scope that gave it is still
/// open, so that bytes kept past the end of a CPU access or a view fail instead of being read stale.
/// </summary>
internal sealed class CheckedMemory(byte[] bytes, int offset, int length, Func<bool> isOpen, string what) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => isOpen()
        ? bytes.AsSpan(offset, length)
        : throw new CpuAccessException($"{what} was used after it ended: its bytes may be stale");

    public override MemoryHandle Pin(int elementIndex = 0) =>
        throw new NotSupportedException("the fake's checked memory cannot be pinned: keep the access open and use its span");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
