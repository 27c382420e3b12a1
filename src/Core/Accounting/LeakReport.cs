namespace PluggableDmaBuf.Core.Accounting;

/// <summary>A buffer still alive when it should not be, and where it was exported.</summary>
/// <param name="Buffer">The buffer as listed.</param>
/// <param name="ExportedAt">The stack trace of its export, or <c>null</c> when leak tracking is off (<see cref="Buffers.DmaBufCoreOptions.TrackLeaks"/>).</param>
public sealed record LeakReport(BufferInfo Buffer, string? ExportedAt)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"buffer #{Buffer.Id} '{Buffer.Name}' ({Buffer.Size} bytes, exporter {Buffer.Exporter}, {Buffer.References} reference(s), " +
        $"attached to [{string.Join(", ", Buffer.Attachments)}]) was never released" +
        (ExportedAt is null ? "" : Environment.NewLine + "exported at:" + Environment.NewLine + ExportedAt);
}
