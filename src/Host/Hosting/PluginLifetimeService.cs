using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PluggableDmaBuf.Host.Configuration;
using PluggableDmaBuf.Host.Errors;
using PluggableDmaBuf.Host.Faults;
using PluggableDmaBuf.Host.Plugins;
using PluggableDmaBuf.Host.Logging;

namespace PluggableDmaBuf.Host.Hosting;

/// <summary>
/// Starts the loaded plugins in load order and stops them in reverse, like the generic host stops
/// hosted services. A plugin that fails to start stops those already started (in reverse) and fails
/// the start; failures while stopping are collected so every plugin gets its chance to stop.
/// <c>Faults:PluginFailsToStart</c> makes the named plugin's start throw, before its own start runs.
/// </summary>
internal sealed partial class PluginLifetimeService(PluginSet plugins, IServiceProvider services, IOptions<FaultOptions> faults,
    ILogger<PluginLifetimeService> logger) : IHostedService
{
    private readonly List<PluginRecord> _started = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (faults.Value.PluginFailsToStart is { } name && !string.IsNullOrWhiteSpace(name) &&
            !plugins.Plugins.Any(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase)))
        {
            throw new BadInputException($"{FaultOptions.Section}:{nameof(FaultOptions.PluginFailsToStart)}",
                $"no plugin is named {name.Trim()} (plugins: {string.Join(", ", plugins.Plugins.Select(p => p.Name).DefaultIfEmpty("none found"))})");
        }

        foreach (var plugin in plugins.Loaded)
        {
            try
            {
                if (faults.Value.FailsToStart(plugin.Name))
                {
                    throw new InjectedFaultException($"plugin {plugin.Name} fails to start (Faults:PluginFailsToStart)");
                }

                await plugin.Entry!.StartAsync(services, cancellationToken).ConfigureAwait(false);
                _started.Add(plugin);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var startFailure = new PluginFailureException(plugin.Name, $"plugin {plugin.Name} ({plugin.Path}) failed to start: {e.GetType().Name}: {e.Message}", e);
                try
                {
                    await StopAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (PluginStopException stop)
                {
                    throw new AggregateException(startFailure, stop);
                }

                throw startFailure;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var failures = new List<(string Plugin, Exception Error)>();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            var plugin = _started[i];
            try
            {
                await plugin.Entry!.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                LogStopFailed(logger, plugin.Name, e);
                failures.Add((plugin.Name, e));
            }
        }

        _started.Clear();
        if (failures.Count > 0)
        {
            throw new PluginStopException(failures);
        }
    }

    [LoggerMessage(EventId = LoggerEventIds.PluginStopFailed, Level = LogLevel.Error, Message = "Plugin {Plugin} failed to stop")]
    private static partial void LogStopFailed(ILogger logger, string plugin, Exception error);
}
