namespace PluggableDmaBuf.Host.Faults;

/// <summary>
/// A fault the <c>Faults</c> settings injected. Deliberately not a <see cref="DmaBufException"/>: it
/// stands for a plugin's own error, and takes the path such an error takes. Its message starts with
/// <c>injected fault: </c>.
/// </summary>
internal sealed class InjectedFaultException(string fault) : Exception($"injected fault: {fault}");
