using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using PluggableDmaBuf.IO;

namespace PluggableDmaBuf.Host.Plugins;

/// <summary>
/// Reads a plugin assembly's metadata without loading it, so that a corrupt file, a plugin built
/// against another Abstractions major version, or a missing dependency is reported before any of
/// its code runs.
/// </summary>
internal static class AssemblyInspector
{
    private static readonly Lazy<HashSet<string>> s_platformAssemblies = new(() =>
        ((AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string) ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .ToHashSet(StringComparer.OrdinalIgnoreCase));

    /// <param name="Identity">The assembly's name and version.</param>
    /// <param name="Abstractions">Its reference to PluggableDmaBuf.Abstractions, if any.</param>
    /// <param name="MissingReferences">References neither the runtime, the host nor the plugin folder provides.</param>
    /// <param name="UnreadableReferences">References in the plugin folder that cannot be read, each as "NAME.dll: why".</param>
    public sealed record Inspection(AssemblyName Identity, AssemblyName? Abstractions, IReadOnlyList<AssemblyName> MissingReferences,
        IReadOnlyList<string> UnreadableReferences);

    /// <summary>Inspects the assembly read from <paramref name="assembly"/>, whose private dependencies are in <paramref name="folder"/>.</summary>
    /// <exception cref="BadImageFormatException">It is not a loadable .NET assembly.</exception>
    public static Inspection Inspect(Stream assembly, string folder)
    {
        using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
        if (!pe.HasMetadata)
        {
            throw new BadImageFormatException("not a .NET assembly (no metadata)");
        }

        var metadata = pe.GetMetadataReader();
        if (!metadata.IsAssembly)
        {
            throw new BadImageFormatException("a module, not an assembly");
        }

        var identity = metadata.GetAssemblyDefinition().GetAssemblyName();
        AssemblyName? abstractions = null;
        var missing = new List<AssemblyName>();
        var unreadable = new List<string>();
        foreach (var handle in metadata.AssemblyReferences)
        {
            var reference = metadata.GetAssemblyReference(handle).GetAssemblyName();
            var name = reference.Name!;
            if (string.Equals(name, typeof(IDmaBufPlugin).Assembly.GetName().Name, StringComparison.Ordinal))
            {
                abstractions = reference;
                continue;
            }

            if (PluginAssemblyLoader.SharedTypes.Any(t => string.Equals(t.Assembly.GetName().Name, name, StringComparison.Ordinal)) ||
                s_platformAssemblies.Value.Contains(name))
            {
                continue;
            }

            var privateCopy = Path.Combine(folder, name + ".dll");
            if (!Path.Exists(privateCopy))
            {
                missing.Add(reference);
            }
            else if (!InputFile.TryOpen(privateCopy, out var file, out var problem, bufferSize: 0))
            {
                // Loaded later, on first use: a FIFO here would hang the plugin's first call.
                unreadable.Add($"{name}.dll: {problem}");
            }
            else
            {
                file.Dispose();
            }
        }

        return new Inspection(identity, abstractions, missing, unreadable);
    }

    /// <summary>
    /// Why the assembly read from <paramref name="assembly"/> is not a plugin's own assembly, or
    /// <c>null</c> when it is one: it references PluggableDmaBuf.Abstractions and declares a type that
    /// implements <see cref="IDmaBufPlugin"/> (directly: a folder's loose assemblies are told apart by
    /// this, before anything is loaded).
    /// </summary>
    public static string? WhyNotAPluginAssembly(Stream assembly)
    {
        var abstractionsName = typeof(IDmaBufPlugin).Assembly.GetName().Name;
        try
        {
            using var pe = new PEReader(assembly, PEStreamOptions.LeaveOpen);
            if (!pe.HasMetadata || !pe.GetMetadataReader().IsAssembly)
            {
                return "not a .NET assembly";
            }

            var metadata = pe.GetMetadataReader();
            if (string.Equals(metadata.GetString(metadata.GetAssemblyDefinition().Name), abstractionsName, StringComparison.Ordinal))
            {
                return $"{abstractionsName} itself, which the host provides";
            }

            if (!metadata.AssemblyReferences.Any(r => string.Equals(metadata.GetString(metadata.GetAssemblyReference(r).Name), abstractionsName, StringComparison.Ordinal)))
            {
                return $"does not reference {abstractionsName}";
            }

            foreach (var type in metadata.TypeDefinitions)
            {
                foreach (var implementation in metadata.GetTypeDefinition(type).GetInterfaceImplementations())
                {
                    var contract = metadata.GetInterfaceImplementation(implementation).Interface;
                    if (contract.Kind == HandleKind.TypeReference &&
                        metadata.GetTypeReference((TypeReferenceHandle)contract) is var reference &&
                        metadata.StringComparer.Equals(reference.Name, nameof(IDmaBufPlugin)) &&
                        metadata.StringComparer.Equals(reference.Namespace, typeof(IDmaBufPlugin).Namespace!))
                    {
                        return null;
                    }
                }
            }

            return $"declares no type implementing {typeof(IDmaBufPlugin).FullName}";
        }
        catch (Exception e) when (e is BadImageFormatException or InvalidOperationException)
        {
            return "not a valid .NET assembly";
        }
    }
}
