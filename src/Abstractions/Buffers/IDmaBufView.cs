namespace PluggableDmaBuf;

/// <summary>
/// A CPU mapping of a whole buffer made by <see cref="IDmaBuf.Vmap"/> or <see cref="IDmaBuf.Mmap"/>.
/// Holds a reference to the buffer until disposed; disposing unmaps (idempotent).
/// </summary>
/// <remarks>
/// Reading or writing through a view still belongs between <see cref="IDmaBuf.BeginCpuAccess"/> and
/// its end. After disposal the view throws <see cref="CpuAccessException"/>; in strict mode a
/// <see cref="Memory{T}"/> taken from it throws too. Thread safe.
/// </remarks>
public interface IDmaBufView : IDisposable
{
    /// <summary>The buffer.</summary>
    IDmaBuf Buffer { get; }

    /// <summary>Bytes mapped (the buffer's size).</summary>
    long Length { get; }

    /// <summary>Whether the view has not been disposed.</summary>
    bool IsMapped { get; }

    /// <summary>The whole buffer.</summary>
    /// <exception cref="CpuAccessException">The view is unmapped or the buffer exceeds 2 GiB.</exception>
    Span<byte> Span { get; }

    /// <summary>The whole buffer as <see cref="Memory{T}"/>.</summary>
    /// <exception cref="CpuAccessException">The view is unmapped or the buffer exceeds 2 GiB.</exception>
    Memory<byte> Memory { get; }

    /// <summary>A view of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    /// <param name="offset">First byte.</param>
    /// <param name="length">Bytes.</param>
    /// <exception cref="CpuAccessException">The view leaves the buffer, or it is unmapped.</exception>
    Span<byte> GetSpan(long offset, int length);
}
