namespace PluggableDmaBuf.Plugins.Gpu.Parallel;

/// <summary>Work that can be split into bands of rows processed independently, in any order, on any thread.</summary>
internal interface IRowBandJob
{
    /// <summary>Processes rows [<paramref name="rowStart"/>, <paramref name="rowEnd"/>).</summary>
    void Execute(int rowStart, int rowEnd);
}
