using System.Globalization;
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

    /// <summary>A drop of a holder's reference when no holder has one left: the rest belong to attachments, CPU users or a migration.</summary>
    [DoesNotReturn]
    public static void NoReference(DmaBuf buffer, string operation, int held) =>
        throw new BufferStateException($"{buffer.Describe()}: cannot {operation}: no reference is left to drop but the {held} " +
            "held by its attachments, CPU accesses and views, which detaching or ending them drops");

    [DoesNotReturn]
    public static void State(string message) => throw new BufferStateException(message);

    /// <summary>An attachment handle whose token is no longer its slot's; <paramref name="device"/> when the slot still knows it.</summary>
    [DoesNotReturn]
    public static void Detached(DmaBuf buffer, string operation, DeviceDescription? device) =>
        throw new BufferStateException($"{Prefix(buffer)}: cannot {operation} {device?.Name ?? "a stale attachment handle"}: the attachment was detached" +
            (device is null ? " (its slot now serves a later attach)" : ""));

    /// <summary>A mapping handle whose token is no longer its slot's.</summary>
    [DoesNotReturn]
    public static void Unmapped(DmaBuf buffer, string operation, DeviceDescription? device) =>
        throw new BufferStateException($"{Prefix(buffer)}: cannot {operation} the mapping of {device?.Name ?? "a former attachment"}: " +
            "it is not mapped (every map of this handle was undone)");

    [DoesNotReturn]
    public static void Detaching(DmaBuf buffer, string operation, DeviceDescription device) =>
        throw new BufferStateException($"{buffer.Describe()}: cannot {operation} {device.Name}: the attachment is being detached");

    [DoesNotReturn]
    public static void StillMapped(DmaBuf buffer, DeviceDescription device, int maps) =>
        throw new BufferStateException($"{buffer.Describe()}: cannot detach {device.Name}: it is still mapped " +
            (maps == 0 ? "(a map or unmap is in progress)" : $"({maps} map{(maps == 1 ? "" : "s")} not undone)") + "; unmap first");

    [DoesNotReturn]
    public static void Direction(DmaBuf buffer, DeviceDescription device, DmaDirection cached, DmaDirection requested) =>
        throw new DirectionConflictException(buffer.Id, device.Name, cached, requested);

    private static string Prefix(DmaBuf buffer) => buffer.IsReleased ? $"{buffer.Describe()} (released)" : buffer.Describe();

    [DoesNotReturn]
    public static void WaitedTooLong(DmaBuf buffer, DeviceDescription? device, TimeSpan timeout, string what) =>
        throw new BufferStateException(string.Create(CultureInfo.InvariantCulture,
            $"{buffer.Describe()}: {(device is null ? "the CPU" : device.Name)} waited {timeout.TotalSeconds:0.###} s for {what}"));

    [DoesNotReturn]
    public static void View(DmaBuf buffer, long offset, long length) =>
        throw new CpuAccessException($"{buffer.Describe()}: a view of {length} bytes at offset {offset} leaves the buffer ({buffer.Size} bytes)");

    [DoesNotReturn]
    public static void Ended(DmaBuf buffer, string what) =>
        throw new CpuAccessException($"{buffer.Describe()}: {what}");
}
