namespace PluggableDmaBuf;

/// <summary>
/// An exporter was refused at export because it does not provide every required callback (map,
/// unmap and release — <see cref="IDmaBuf">lifecycle invariant</see> 1), as declared by <see cref="DmaBufExporter.Operations"/>.
/// </summary>
public sealed class ExporterContractException : DmaBufException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="exporter">The exporter's name.</param>
    /// <param name="missing">The required callbacks it lacks.</param>
    public ExporterContractException(string exporter, DmaBufOperations missing)
        : base($"exporter '{exporter}' cannot export: it does not provide {missing} (every exporter must provide Map, Unmap and Release)")
    {
        Exporter = exporter;
        Missing = missing;
    }

    /// <summary>The exporter's name.</summary>
    public string Exporter { get; }

    /// <summary>The required callbacks it lacks.</summary>
    public DmaBufOperations Missing { get; }
}
