using System.Runtime.InteropServices;

namespace PluggableDmaBuf.Core.Interop;

/// <summary>
/// Owns one memfd descriptor: closed exactly once, by <see cref="SafeHandle.Dispose()"/> or, if its
/// owner was dropped without releasing it, by the critical finaliser. Calls taking the handle hold a
/// reference for their duration, so a concurrent dispose cannot close (and the kernel reuse) the
/// descriptor mid-call.
/// </summary>
internal sealed class MemfdHandle : SafeHandle
{
    /// <summary>Used by the marshaller for <see cref="LibC.MemfdCreate"/>'s return value.</summary>
    public MemfdHandle()
        : base(invalidHandleValue: -1, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle < 0;

    /// <summary>The descriptor number, for messages and <c>/proc/self/fd</c>; valid only while the handle is open.</summary>
    public int Descriptor => (int)handle;

    protected override bool ReleaseHandle() => LibC.Close((int)handle) == 0;
}
