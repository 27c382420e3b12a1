namespace PluggableDmaBuf.Host.Logging;

/// <summary>
/// Every event id the host logs with, in one table so that ids stay unique and stable for whoever
/// filters on them. Ranges: 1xx plugins, 2xx the pipeline. Plugins keep their own ids (the
/// CentralAllocator uses 3xx).
/// </summary>
internal static class LoggerEventIds
{
    public const int PluginLoaded = 100;
    public const int PluginFailed = 101;
    public const int PluginFolderYieldedNothing = 102;
    public const int PluginStopFailed = 110;

    public const int LinkAllocated = 200;
    public const int StageCompleteFailed = 201;
}
