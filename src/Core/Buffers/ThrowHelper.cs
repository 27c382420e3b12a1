using System.Diagnostics.CodeAnalysis;

namespace PluggableDmaBuf.Core.Buffers;

/// <summary>Throws for the hot paths, keeping message formatting out of them.</summary>
internal static class ThrowHelper
{
    [DoesNotReturn]
    public static void Released(DmaBuf buffer, string operation) =>
        throw new BufferReleasedException(buffer.Id, buffer.Name, operation);

    [DoesNotReturn]
    public static void Released(DmaBuf buffer, string operation, string device) =>
        throw new BufferReleasedException(buffer.Id, buffer.Name, $"{operation} {device}");

    [DoesNotReturn]
    public static void State(string message) => throw new BufferStateException(message);

    [DoesNotReturn]
    public static void Detached(Attachment attachment, string operation) =>
        throw new BufferStateException($"{attachment.Owner.Describe()}: cannot {operation} {attachment.Device.Name}: the attachment was detached");

    [DoesNotReturn]
    public static void StillMapped(Attachment attachment) =>
        throw new BufferStateException($"{attachment.Owner.Describe()}: cannot detach {attachment.Device.Name}: it is still mapped " +
            $"({attachment.MapCount} map{(attachment.MapCount == 1 ? "" : "s")} not undone); unmap first");

    [DoesNotReturn]
    public static void NotMapped(Attachment attachment) =>
        throw new BufferStateException($"{attachment.Owner.Describe()}: cannot unmap {attachment.Device.Name}: it is not mapped");

    [DoesNotReturn]
    public static void Direction(Attachment attachment, DmaDirection requested) =>
        throw new DirectionConflictException(attachment.Owner.Id, attachment.Device.Name, attachment.Direction, requested);

    [DoesNotReturn]
    public static void View(DmaBuf buffer, long offset, long length) =>
        throw new CpuAccessException($"{buffer.Describe()}: a view of {length} bytes at offset {offset} leaves the buffer ({buffer.Size} bytes)");

    [DoesNotReturn]
    public static void Ended(DmaBuf buffer, string what) =>
        throw new CpuAccessException($"{buffer.Describe()}: {what}");
}
