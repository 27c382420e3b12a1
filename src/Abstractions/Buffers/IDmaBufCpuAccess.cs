namespace PluggableDmaBuf;

/// <summary>
/// A CPU access to a buffer's bytes, between <see cref="IDmaBuf.BeginCpuAccess"/> and
/// <see cref="End"/> (<see cref="IDmaBuf">lifecycle invariant</see> 10). Holds a reference to the buffer while active.
/// </summary>
/// <remarks>
/// <para>Views cover at most the buffer: a view past its end is refused (<see cref="IDmaBuf">lifecycle invariant</see> 8).
/// <see cref="Span"/> and <see cref="Memory"/> need a buffer of at most 2 GiB; larger buffers are
/// reached piecewise with <see cref="GetSpan"/>.</para>
/// <para>After <see cref="End"/>, asking this scope for a view throws <see cref="CpuAccessException"/>.
/// In strict mode a <see cref="Memory{T}"/> taken from the scope also throws when used after the end,
/// and a scope begun for <see cref="CpuAccessMode.Read"/> refuses writable spans; a <see cref="Span{T}"/>
/// cannot be revoked, so never keep one past the end.</para>
/// <para><see cref="IDisposable.Dispose"/> ends the access if it is still active and is idempotent.
/// Thread safe.</para>
/// </remarks>
public interface IDmaBufCpuAccess : IDisposable
{
    /// <summary>The buffer.</summary>
    IDmaBuf Buffer { get; }

    /// <summary>The mode the access began with.</summary>
    CpuAccessMode Mode { get; }

    /// <summary>Whether the access has not ended.</summary>
    bool IsActive { get; }

    /// <summary>The whole buffer, writable.</summary>
    /// <exception cref="CpuAccessException">The access ended, the buffer exceeds 2 GiB, or (strict) the mode is read-only.</exception>
    Span<byte> Span { get; }

    /// <summary>The whole buffer, read-only.</summary>
    /// <exception cref="CpuAccessException">The access ended or the buffer exceeds 2 GiB.</exception>
    ReadOnlySpan<byte> ReadOnlySpan { get; }

    /// <summary>The whole buffer as <see cref="Memory{T}"/> (checked on every use in strict mode).</summary>
    /// <exception cref="CpuAccessException">The access ended or the buffer exceeds 2 GiB.</exception>
    Memory<byte> Memory { get; }

    /// <summary>A view of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    /// <param name="offset">First byte.</param>
    /// <param name="length">Bytes.</param>
    /// <exception cref="CpuAccessException">The view leaves the buffer, or the access ended.</exception>
    Span<byte> GetSpan(long offset, int length);

    /// <summary>A <see cref="Memory{T}"/> view of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    /// <param name="offset">First byte.</param>
    /// <param name="length">Bytes.</param>
    /// <exception cref="CpuAccessException">The view leaves the buffer, or the access ended.</exception>
    Memory<byte> GetMemory(long offset, int length);

    /// <summary>Ends the access: tells the exporter and drops the scope's reference.</summary>
    /// <exception cref="CpuAccessException">The access already ended.</exception>
    void End();
}
