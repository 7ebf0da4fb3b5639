package io.finpipe.jenkinsinfra;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What scripts/test needs, read the way scripts/prerequisites reads it: the apt and pip lines of
 * test-support/prerequisites.list, plus the JDK package (from the JDK check it sources) and the Terraform and
 * AWS CLI v2 minimums the script itself checks. Parsed here independently of Terraform's own parsing, so the two
 * can be compared.
 */
record TestPrerequisites(List<String> aptPackages, List<String> pipRequirements, String jdkPackage,
                         String terraformMinimum, String awsCliV2Minimum) {

    private static final Pattern JDK_PACKAGE = Pattern.compile("apt-get install -y (openjdk-17-jdk\\S*)\"");
    private static final Pattern TERRAFORM_MINIMUM = Pattern.compile("(?m)^readonly terraform_minimum=([0-9.]+)");
    private static final Pattern AWS_CLI_V2_MINIMUM = Pattern.compile("(?m)^readonly .*\\bawscli_minimum_v2=([0-9.]+)");
    private static final Pattern AGENT_AWS_CLI = Pattern.compile("install_aws_cli_v2 '([0-9.]+)'");

    /**
     * @throws IllegalArgumentException naming the list line that is neither apt nor pip, or what a script lacks
     */
    static TestPrerequisites parse(String prerequisitesList, String prerequisitesScript, String javaCheckScript) {
        List<String> apt = new ArrayList<>();
        List<String> pip = new ArrayList<>();
        for (String line : prerequisitesList.lines().toList()) {
            String entry = line.replaceFirst("#.*", "").strip();
            if (entry.isEmpty()) {
                continue;
            }
            String[] fields = entry.split("\\s+");
            if (fields.length < 3 || !List.of("apt", "pip").contains(fields[0])) {
                throw new IllegalArgumentException("test-support/prerequisites.list: '" + line.strip()
                        + "' is not `apt <command> <Debian package>` or `pip <command> <requirement>`");
            }
            (fields[0].equals("apt") ? apt : pip).add(fields[2]);
        }
        return new TestPrerequisites(apt, pip,
                find(JDK_PACKAGE, javaCheckScript, "scripts/lib/require-java17.sh",
                        "the JDK package it names (apt-get install -y openjdk-17-jdk…)"),
                find(TERRAFORM_MINIMUM, prerequisitesScript, "scripts/prerequisites", "readonly terraform_minimum=<version>"),
                find(AWS_CLI_V2_MINIMUM, prerequisitesScript, "scripts/prerequisites", "readonly awscli_minimum_v2=<version>"));
    }

    /** Everything scripts/test needs that this agent provisioning script does not provide; empty when none. */
    List<String> missingFrom(String agentUserData, String agentTerraformVersion) {
        List<String> installed = new ArrayList<>();
        Matcher installs = Pattern.compile("(?m)^install_packages (.+)$").matcher(agentUserData);
        while (installs.find()) {
            installed.addAll(List.of(installs.group(1).strip().split("\\s+")));
        }
        List<String> missing = new ArrayList<>();
        for (String pkg : aptPackages) {
            if (!installed.contains(pkg)) {
                missing.add("apt package " + pkg + " (test-support/prerequisites.list) is not installed on agents");
            }
        }
        if (!installed.contains(jdkPackage)) {
            missing.add("JDK package " + jdkPackage + " (scripts/lib/require-java17.sh) is not installed on agents");
        }
        for (String requirement : pipRequirements) {
            if (!Pattern.compile("(?m)^\\S*/bin/pip' install .*'" + Pattern.quote(requirement) + "'").matcher(agentUserData).find()) {
                missing.add("pip requirement " + requirement + " (test-support/prerequisites.list) is not installed on agents");
            }
        }
        if (compareVersions(agentTerraformVersion, terraformMinimum) < 0) {
            missing.add("agents' Terraform " + agentTerraformVersion + " is older than scripts/prerequisites' minimum "
                    + terraformMinimum);
        }
        Matcher awsCli = AGENT_AWS_CLI.matcher(agentUserData);
        if (!awsCli.find()) {
            missing.add("the aws CLI (scripts/prerequisites) is not installed on agents");
        } else if (compareVersions(awsCli.group(1), awsCliV2Minimum) < 0) {
            missing.add("agents' AWS CLI " + awsCli.group(1) + " is older than scripts/prerequisites' minimum "
                    + awsCliV2Minimum + " (it would ignore AWS_ENDPOINT_URL)");
        }
        return missing;
    }

    /** Dotted versions compared numerically (the JDK's module version order), as sort -V does in the script. */
    static int compareVersions(String left, String right) {
        return ModuleDescriptor.Version.parse(left).compareTo(ModuleDescriptor.Version.parse(right));
    }

    private static String find(Pattern pattern, String script, String scriptName, String what) {
        Matcher matcher = pattern.matcher(script);
        if (!matcher.find()) {
            throw new IllegalArgumentException(scriptName + " no longer has " + what
                    + ": update TestPrerequisites so the agents' provisioning is still checked against it");
        }
        return matcher.group(1);
    }
}
